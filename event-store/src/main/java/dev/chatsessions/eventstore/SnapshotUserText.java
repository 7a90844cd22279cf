package dev.chatsessions.eventstore;

import java.util.List;

/**
 * The fields of an aggregate's snapshot that hold user text (JSON pointers, e.g. {@code /name}); the snapshot
 * names its session in {@code sessionId}. A bean of this type has those fields encrypted like the events' text.
 */
public record SnapshotUserText(Class<?> aggregateType, List<String> fields) {}
