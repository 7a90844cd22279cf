package dev.chatsessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

public record ClearFeedback(@TargetAggregateIdentifier UUID sessionId, String userId, UUID messageId) {
}
