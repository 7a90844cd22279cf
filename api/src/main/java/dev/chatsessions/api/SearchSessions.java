package dev.chatsessions.api;

import java.util.UUID;

/** The project's sessions whose name or messages match {@code text} (words, "phrases", -exclusions), best first. */
public record SearchSessions(String userId, UUID projectId, String text, int limit, String cursor) {}
