package dev.chatsessions.command.assistant;

/**
 * Why a reply did not end well, told to whoever follows it; the HTTP layer turns it into problem JSON.
 * {@code detail} is also what is saved with a failed reply.
 */
public record ReplyFailure(ReplyRef reply, Kind kind, String detail) {

    public enum Kind {
        /** No model endpoint is configured. */
        NO_MODEL,
        /** The model answered badly, broke off, or the reply hit its length limit. */
        MODEL_FAILED,
        /** The model was too slow, or the reply hit its duration limit. */
        MODEL_TIMED_OUT,
        /** The session was deleted while the reply ran; nothing was saved. */
        SESSION_GONE,
        /** Saving the reply failed; recovery closes it as failed later. */
        NOT_SAVED,
        /** This process is shutting down; recovery closes the reply as failed later. */
        SHUTTING_DOWN
    }
}
