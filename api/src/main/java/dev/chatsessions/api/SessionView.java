package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code lastMessageAt} is null until the first message. {@code pinned} sessions come first in the list;
 * {@code archived} ones are listed only when asked for.
 */
public record SessionView(UUID id, UUID projectId, String name, Instant createdAt, Instant updatedAt,
                          long messageCount, Instant lastMessageAt, boolean pinned, boolean archived) {

    /** A session neither pinned nor archived. */
    public SessionView(UUID id, UUID projectId, String name, Instant createdAt, Instant updatedAt, long messageCount,
                       Instant lastMessageAt) {
        this(id, projectId, name, createdAt, updatedAt, messageCount, lastMessageAt, false, false);
    }
}
