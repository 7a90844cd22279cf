package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * Feedback on an assistant message, replacing any before. {@code comment} is the user's text: encrypted with the
 * session's key like message contents, so that it reads as null once the session is deleted.
 */
@Revision("1")
public record FeedbackGiven(UUID sessionId, UUID messageId, Rating rating, String comment) {}
