package dev.chatsessions.api;

/** The owner's projects, newest first. {@code cursor} is null for the first page. */
public record FindProjects(String userId, int limit, String cursor) {}
