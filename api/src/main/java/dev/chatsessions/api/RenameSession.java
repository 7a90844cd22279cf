package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RenameSession(@TargetAggregateIdentifier UUID sessionId, String userId, String name) {}
