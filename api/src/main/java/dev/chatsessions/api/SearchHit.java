package dev.chatsessions.api;

/**
 * A session found by a search, with the message that matched best (null when its name did) and a snippet of that
 * text with the matching words between {@code **}.
 */
public record SearchHit(SessionView session, MessageView message, String snippet) {}
