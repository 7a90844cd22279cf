package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The feedback on a message was removed. */
@Revision("1")
public record FeedbackCleared(UUID sessionId, UUID messageId) {}
