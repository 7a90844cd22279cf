package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

/** {@code originalCreatedAt} is null unless the message was imported: when it was written where it came from. */
public record MessageView(UUID id, UUID chatSessionId, long seq, Role role, String content, MessageStatus status,
                          Instant createdAt, Instant originalCreatedAt) {

    /** A message that was not imported. */
    public MessageView(UUID id, UUID chatSessionId, long seq, Role role, String content, MessageStatus status,
                       Instant createdAt) {
        this(id, chatSessionId, seq, role, content, status, createdAt, null);
    }
}
