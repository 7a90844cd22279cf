package dev.chatsessions.api;

import java.util.UUID;

/**
 * The first event of a session, however it came to be: created empty ({@link SessionCreated}), forked from another
 * session ({@link SessionForked}), imported ({@link SessionImported}). Sealed, so that a read model folding this
 * type is known to fold each of them. Read models that only need to know that a session exists, whose it is and what it
 * is called fold this type; those that tell the ways apart match the concrete event.
 */
public sealed interface SessionStart permits SessionCreated, SessionForked, SessionImported {

    UUID sessionId();

    UUID projectId();

    String ownerId();

    String name();
}
