package dev.chatsessions.api;

import java.util.UUID;

/**
 * The answer to {@link AskAssistant}: the saved user message, the session after it ({@code renamed} when the post
 * gave the session its automatic name) and the id the reply will be saved under.
 */
public record AskedAssistant(MessageView userMessage, SessionView session, boolean renamed, UUID replyId) {}
