package dev.chatsessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** Feedback on one of the session's assistant messages; replaces any given before. */
public record GiveFeedback(@TargetAggregateIdentifier UUID sessionId, String userId, UUID messageId, Rating rating,
                           String comment) {
}
