package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

/** {@code feedback} is null when none was given (always for user messages). */
public record MessageView(UUID id, UUID chatSessionId, long seq, Role role, String content, MessageStatus status,
                          Instant createdAt, Feedback feedback) {

    /** A message without feedback. */
    public MessageView(UUID id, UUID chatSessionId, long seq, Role role, String content, MessageStatus status,
                       Instant createdAt) {
        this(id, chatSessionId, seq, role, content, status, createdAt, null);
    }
}
