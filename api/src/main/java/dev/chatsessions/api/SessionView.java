package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code lastMessageAt} is null until the first message. {@code originalCreatedAt} is null unless the session was
 * imported: then it is when the conversation began where it came from (null if the file did not say).
 * {@code pinned} sessions come first in the list; {@code archived} ones are listed only when asked for.
 */
public record SessionView(
        UUID id,
        UUID projectId,
        String name,
        Instant createdAt,
        Instant updatedAt,
        long messageCount,
        Instant lastMessageAt,
        Instant originalCreatedAt,
        boolean pinned,
        boolean archived) {

    /** A session that was not imported, neither pinned nor archived. */
    public SessionView(
            UUID id,
            UUID projectId,
            String name,
            Instant createdAt,
            Instant updatedAt,
            long messageCount,
            Instant lastMessageAt) {
        this(id, projectId, name, createdAt, updatedAt, messageCount, lastMessageAt, null, false, false);
    }

    /** A session neither pinned nor archived. */
    public SessionView(
            UUID id,
            UUID projectId,
            String name,
            Instant createdAt,
            Instant updatedAt,
            long messageCount,
            Instant lastMessageAt,
            Instant originalCreatedAt) {
        this(id, projectId, name, createdAt, updatedAt, messageCount, lastMessageAt, originalCreatedAt, false, false);
    }

    /** A session that was not imported. */
    public SessionView(
            UUID id,
            UUID projectId,
            String name,
            Instant createdAt,
            Instant updatedAt,
            long messageCount,
            Instant lastMessageAt,
            boolean pinned,
            boolean archived) {
        this(id, projectId, name, createdAt, updatedAt, messageCount, lastMessageAt, null, pinned, archived);
    }
}
