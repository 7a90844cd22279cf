package dev.chatsessions.query.admin;

/**
 * A projection's progress: the last event position its tracking processor passed, how many events it is behind,
 * whether it is rebuilding from the start, and whether it folds inline (in the commands' transactions) now.
 */
public record ProjectionStatus(String name, long position, long lag, boolean replaying, boolean inline) {}
