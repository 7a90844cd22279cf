package dev.chatsessions.command.assistant;

import dev.chatsessions.api.PostedMessage;
import org.springframework.http.ProblemDetail;

/**
 * How a reply ended: the saved assistant message and the session after it ({@code saved}, null only when it could
 * not be saved), and the problem when it did not end well ({@code error}, null on success).
 */
public record ReplyOutcome(PostedMessage saved, ProblemDetail error) {}
