package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Feedback on one of the session's assistant messages; replaces any given before. */
public record GiveFeedback(
        @TargetAggregateIdentifier UUID sessionId, String userId, UUID messageId, Rating rating, String comment) {}
