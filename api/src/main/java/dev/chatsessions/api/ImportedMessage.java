package dev.chatsessions.api;

import java.time.Instant;

/** One message of an imported conversation; {@code originalCreatedAt} may be null. */
public record ImportedMessage(Role role, String content, MessageStatus status, Instant originalCreatedAt) {}
