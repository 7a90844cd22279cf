package dev.chatsessions.command.session;

import dev.chatsessions.api.MessagePosted;
import java.util.List;
import java.util.UUID;

/**
 * A session's messages as its events hold them, their text decrypted: what a fork copies. The write side keeps
 * message bodies nowhere else, and must not read the query side's tables. Axon hands it to the aggregate's fork
 * handler as a parameter (from Spring in the application; whoever builds the aggregate model by hand registers one).
 */
public interface StoredMessages {

    /** The session's messages with {@code seq} 1..{@code upToSeq}, in order. */
    List<MessagePosted> upTo(UUID sessionId, long upToSeq);
}
