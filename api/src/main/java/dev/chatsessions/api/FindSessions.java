package dev.chatsessions.api;

import java.util.UUID;

/**
 * A project's sessions for the dropdown: pinned first, then most recently updated, ties by id. Only the archived
 * sessions when {@code archived}, otherwise only the others.
 */
public record FindSessions(String userId, UUID projectId, int limit, String cursor, boolean archived) {

    /** The sessions that are not archived. */
    public FindSessions(String userId, UUID projectId, int limit, String cursor) {
        this(userId, projectId, limit, cursor, false);
    }
}
