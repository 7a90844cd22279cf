package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ClearFeedback(@TargetAggregateIdentifier UUID sessionId, String userId, UUID messageId) {}
