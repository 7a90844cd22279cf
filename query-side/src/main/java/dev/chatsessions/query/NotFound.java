package dev.chatsessions.query;

/** Unknown, deleted, or another user's: all answered alike with 404 (the text is the side's advice's). */
public class NotFound extends RuntimeException {

    public NotFound() {
        super(null, null, false, false);
    }
}
