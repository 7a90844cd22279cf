package dev.chatsessions.command.session;

/** The session is already generating a reply; it takes one question at a time: 409. */
public class ReplyInProgress extends IllegalStateException {

    public ReplyInProgress() {
        super("A reply is already being generated in this session; wait for it or stop it");
    }
}
