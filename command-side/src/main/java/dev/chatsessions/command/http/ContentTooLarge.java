package dev.chatsessions.command.http;

/** Message content beyond the configured number of characters: 413. */
public class ContentTooLarge extends RuntimeException {

    public ContentTooLarge(int limit) {
        this("content must be at most " + limit + " characters");
    }

    /** A body over its call's size limit, said in {@code message}. */
    public ContentTooLarge(String message) {
        super(message, null, false, false);
    }
}
