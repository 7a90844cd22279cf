package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

/** {@code lastMessageAt} is null until the first message. */
public record SessionView(UUID id, UUID projectId, String name, Instant createdAt, Instant updatedAt,
                          long messageCount, Instant lastMessageAt) {
}
