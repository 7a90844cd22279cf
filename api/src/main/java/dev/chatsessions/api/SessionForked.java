package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A session created as a branch of another: the fork's first event, followed in the same transaction by
 * {@link MessagePosted} copies (new ids, {@code seq} 1..{@code upToSeq}) of the source's messages
 * 1..{@code upToSeq}. The copies are events of the fork, so their text is encrypted with the fork's own key.
 */
@Revision("1")
public record SessionForked(
        UUID sessionId, UUID projectId, String ownerId, String name, UUID sourceSessionId, long upToSeq)
        implements SessionStart {}
