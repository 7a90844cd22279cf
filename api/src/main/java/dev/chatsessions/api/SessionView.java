package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code lastMessageAt} is null until the first message. {@code originalCreatedAt} is null unless the session was
 * imported: then it is when the conversation began where it came from (null if the file did not say).
 */
public record SessionView(UUID id, UUID projectId, String name, Instant createdAt, Instant updatedAt,
                          long messageCount, Instant lastMessageAt, Instant originalCreatedAt) {

    /** A session that was not imported. */
    public SessionView(UUID id, UUID projectId, String name, Instant createdAt, Instant updatedAt, long messageCount,
                       Instant lastMessageAt) {
        this(id, projectId, name, createdAt, updatedAt, messageCount, lastMessageAt, null);
    }
}
