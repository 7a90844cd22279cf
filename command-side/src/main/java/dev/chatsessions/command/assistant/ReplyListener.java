package dev.chatsessions.command.assistant;

/** Someone following a reply: the SSE response of the post that started it, or of a client that attached later. */
interface ReplyListener {

    /** The next piece of the reply; answers false when the listener is gone (the client disconnected). */
    boolean delta(String text);

    /** The reply ended; the last call a listener gets. */
    void finished(ReplyOutcome outcome);
}
