package dev.chatsessions.api;

import java.util.List;

/** One page of a session's event stream, oldest first; {@code nextCursor} is null on the last page. */
public record AuditedEventPage(List<AuditedEvent> items, String nextCursor) {}
