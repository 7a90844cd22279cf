package dev.chatsessions.api;

import java.util.List;

/** One page of a project's sessions, most recently updated first; {@code nextCursor} is null on the last page. */
public record SessionPage(List<SessionView> items, String nextCursor) {}
