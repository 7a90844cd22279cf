package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

/** The conversation as it stood at {@code asOf}, rebuilt from the session's events, oldest first. */
public record FindMessagesAsOf(String userId, UUID sessionId, Instant asOf, int limit, String cursor) {}
