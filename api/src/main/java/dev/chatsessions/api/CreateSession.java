package dev.chatsessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** Handled by the project, which checks its owner before the session comes to life. {@code name} may be null. */
public record CreateSession(@TargetAggregateIdentifier UUID projectId, UUID sessionId, String userId, String name) {
}
