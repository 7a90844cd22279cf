package dev.chatsessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

public record DeleteSession(@TargetAggregateIdentifier UUID sessionId, String userId) {
}
