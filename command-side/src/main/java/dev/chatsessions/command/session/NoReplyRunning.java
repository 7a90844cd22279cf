package dev.chatsessions.command.session;

/** No reply is being generated in the session (or none by this process): 404. */
public class NoReplyRunning extends IllegalStateException {

    public NoReplyRunning() {
        super("No reply is being generated in this session");
    }
}
