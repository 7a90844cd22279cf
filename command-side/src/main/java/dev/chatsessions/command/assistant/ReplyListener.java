package dev.chatsessions.command.assistant;

/** Someone following a reply: the SSE response of the post that started it, or of a client that attached later. */
public interface ReplyListener {

    /**
     * The next piece of the reply, which ends at {@code end} (the reply's length so far, in UTF-16 code units);
     * answers false when the listener is gone (the client disconnected).
     */
    boolean delta(String text, int end);

    /** The reply ended; the last call a listener gets. */
    void finished(ReplyOutcome outcome);
}
