package dev.chatsessions.api;

import java.time.Instant;
import java.util.Map;

/**
 * One event of a session's own stream, as stored: its position in the stream (1, 2, 3…), its type, when it
 * happened, its payload and its metadata (who caused it, which request).
 */
public record AuditedEvent(long seq, String type, Instant timestamp, Object payload, Map<String, ?> metadata) {}
