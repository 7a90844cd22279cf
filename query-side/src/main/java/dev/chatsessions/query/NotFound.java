package dev.chatsessions.query;

/** Unknown, deleted, or another user's: all answered alike with 404. */
public class NotFound extends RuntimeException {

    public NotFound() {
        super("No such resource, or it was deleted", null, false, false);
    }
}
