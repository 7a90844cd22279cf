package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PostMessage(
        @TargetAggregateIdentifier UUID sessionId, UUID messageId, String userId, Role role, String content) {}
