package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Saves the running reply {@code replyId} as an assistant message with its final status. Sent by the service's
 * reply flow, never by clients. {@code content} may be empty for a stopped or failed reply.
 */
public record FinishReply(
        @TargetAggregateIdentifier UUID sessionId,
        UUID replyId,
        String content,
        MessageStatus status,
        ReplyDetails details) {}
