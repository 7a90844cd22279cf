package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

/** The session as it stood at {@code asOf}, rebuilt from its events. */
public record FindSessionAsOf(String userId, UUID sessionId, Instant asOf) {}
