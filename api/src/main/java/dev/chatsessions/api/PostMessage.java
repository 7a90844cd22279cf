package dev.chatsessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

public record PostMessage(@TargetAggregateIdentifier UUID sessionId, UUID messageId, String userId, Role role,
                          String content) {
}
