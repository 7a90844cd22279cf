package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteSession(@TargetAggregateIdentifier UUID sessionId, String userId) {}
