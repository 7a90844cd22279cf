package dev.chatsessions.api;

import java.util.UUID;

/** A project's sessions for the dropdown: most recently updated first, ties by id. */
public record FindSessions(String userId, UUID projectId, int limit, String cursor) {
}
