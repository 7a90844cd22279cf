package dev.chatsessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** Posts a user message and starts the assistant's reply {@code replyId} to it, unless a reply is running. */
public record AskAssistant(@TargetAggregateIdentifier UUID sessionId, UUID messageId, String userId, String content,
                           UUID replyId) {
}
