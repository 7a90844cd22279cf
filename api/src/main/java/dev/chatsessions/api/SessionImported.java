package dev.chatsessions.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A session brought in from a file: the first event of the session, followed in the same transaction by one
 * {@link MessagePosted} per imported message ({@code seq} 1..n, new ids). {@code source} names the format
 * ({@code "chatgpt"} or {@code "chat-sessions"}), {@code sourceConversationId} the conversation's id there, by which
 * importing the same file again skips it. {@code originalCreatedAt} is when the conversation began there and
 * {@code messagesOriginalCreatedAt} when each message was written there, by position; any of them null when the file
 * does not say.
 */
@Revision("1")
public record SessionImported(
        UUID sessionId,
        UUID projectId,
        String ownerId,
        String name,
        String source,
        String sourceConversationId,
        Instant originalCreatedAt,
        List<Instant> messagesOriginalCreatedAt)
        implements SessionStart {}
