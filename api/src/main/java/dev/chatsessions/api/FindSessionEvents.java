package dev.chatsessions.api;

import java.util.UUID;

/** A session's own events, oldest first; readable by its owner after deletion too. */
public record FindSessionEvents(String userId, UUID sessionId, int limit, String cursor) {}
