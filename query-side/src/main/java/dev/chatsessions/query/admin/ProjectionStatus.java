package dev.chatsessions.query.admin;

/**
 * A projection's progress: the last event position it folded, how many events it is behind, and whether it is
 * rebuilding from the start.
 */
public record ProjectionStatus(String name, long position, long lag, boolean replaying) {}
