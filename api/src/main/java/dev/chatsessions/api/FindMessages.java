package dev.chatsessions.api;

import java.util.UUID;

/** A session's messages, oldest first. */
public record FindMessages(String userId, UUID sessionId, int limit, String cursor) {
}
