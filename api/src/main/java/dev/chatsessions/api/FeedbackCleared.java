package dev.chatsessions.api;

import org.axonframework.serialization.Revision;

import java.util.UUID;

/** The feedback on a message was removed. */
@Revision("1")
public record FeedbackCleared(UUID sessionId, UUID messageId) {
}
