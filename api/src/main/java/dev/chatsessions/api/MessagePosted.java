package dev.chatsessions.api;

import org.axonframework.serialization.Revision;

import java.util.UUID;

/** {@code seq} numbers the session's messages 1, 2, 3… in the order the session accepted them. */
@Revision("1")
public record MessagePosted(UUID sessionId, UUID messageId, long seq, Role role, String content,
                            MessageStatus status) {
}
