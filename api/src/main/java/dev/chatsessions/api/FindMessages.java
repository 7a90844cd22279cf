package dev.chatsessions.api;

import java.util.UUID;

/** A session's messages, oldest first, or newest first (then each page goes further back). */
public record FindMessages(String userId, UUID sessionId, int limit, String cursor, boolean newestFirst) {}
