package dev.chatsessions.command.web;

/** Message content beyond the configured number of characters: 413. */
public class ContentTooLarge extends RuntimeException {

    public ContentTooLarge(int limit) {
        super("content must be at most " + limit + " characters", null, false, false);
    }
}
