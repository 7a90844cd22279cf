package dev.chatsessions.api;

/** The answer to {@link PostMessage}: the saved message and the session as it stands after it. */
public record PostedMessage(MessageView message, SessionView session) {}
