package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

public record MessageView(UUID id, UUID chatSessionId, long seq, Role role, String content, MessageStatus status,
                          Instant createdAt) {
}
