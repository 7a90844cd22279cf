package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Posts a user message and starts the assistant's reply {@code replyId} to it, unless a reply is running. */
public record AskAssistant(
        @TargetAggregateIdentifier UUID sessionId, UUID messageId, String userId, String content, UUID replyId) {}
