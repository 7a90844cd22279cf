package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The owner asks to stop the running reply; answered with its id. The reply then ends as {@code stopped}. */
public record StopReply(@TargetAggregateIdentifier UUID sessionId, String userId) {}
