package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Handled by the project, which checks its owner before the session comes to life. {@code name} may be null. */
public record CreateSession(@TargetAggregateIdentifier UUID projectId, UUID sessionId, String userId, String name) {}
