package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The assistant began a reply to the user message {@code questionId}. The reply becomes the message
 * {@code replyId} when it ends, whichever way it ends; until then the session takes no other question. Recorded so
 * that a reply cut off by the process dying is visible and can be closed.
 */
@Revision("1")
public record ReplyStarted(UUID sessionId, UUID replyId, UUID questionId) {}
