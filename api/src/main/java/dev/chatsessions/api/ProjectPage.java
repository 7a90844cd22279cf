package dev.chatsessions.api;

import java.util.List;

/** One page of the owner's projects, newest first; {@code nextCursor} is null on the last page. */
public record ProjectPage(List<ProjectView> items, String nextCursor) {}
