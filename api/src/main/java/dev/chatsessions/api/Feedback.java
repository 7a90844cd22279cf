package dev.chatsessions.api;

/** The feedback on an assistant message; {@code comment} is null when none was given. */
public record Feedback(Rating rating, String comment) {}
