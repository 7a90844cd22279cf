package dev.chatsessions.command.erasure;

import java.util.UUID;

/**
 * Keeps something of a session's text (or what leads to it) outside its events, and forgets it when the session is
 * deleted: asked by {@link SessionErasure}, in the transaction that records the deletion, so that a failure fails the
 * delete.
 */
public interface SessionTextOwner {

    void forget(UUID sessionId);
}
