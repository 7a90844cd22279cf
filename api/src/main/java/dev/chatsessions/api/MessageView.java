package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code originalCreatedAt} is null unless the message was imported: when it was written where it came from.
 * {@code feedback} is null when none was given (always for user messages).
 */
public record MessageView(
        UUID id,
        UUID chatSessionId,
        long seq,
        Role role,
        String content,
        MessageStatus status,
        Instant createdAt,
        Instant originalCreatedAt,
        Feedback feedback) {

    /** A message that was not imported, without feedback. */
    public MessageView(
            UUID id, UUID chatSessionId, long seq, Role role, String content, MessageStatus status, Instant createdAt) {
        this(id, chatSessionId, seq, role, content, status, createdAt, null, null);
    }

    /** A message without feedback. */
    public MessageView(
            UUID id,
            UUID chatSessionId,
            long seq,
            Role role,
            String content,
            MessageStatus status,
            Instant createdAt,
            Instant originalCreatedAt) {
        this(id, chatSessionId, seq, role, content, status, createdAt, originalCreatedAt, null);
    }

    /** A message that was not imported. */
    public MessageView(
            UUID id,
            UUID chatSessionId,
            long seq,
            Role role,
            String content,
            MessageStatus status,
            Instant createdAt,
            Feedback feedback) {
        this(id, chatSessionId, seq, role, content, status, createdAt, null, feedback);
    }
}
