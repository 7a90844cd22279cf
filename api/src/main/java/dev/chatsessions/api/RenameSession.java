package dev.chatsessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

public record RenameSession(@TargetAggregateIdentifier UUID sessionId, String userId, String name) {
}
