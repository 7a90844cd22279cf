package dev.chatsessions.command.session;

/** A new message or resource was given an id that is already in use: 409. */
public class IdInUse extends IllegalStateException {

    public IdInUse() {
        super("This id is already in use; choose another");
    }
}
