package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The owner asks to watch the running reply (another tab, a reconnect); answered with its id. Changes nothing. */
public record FollowReply(@TargetAggregateIdentifier UUID sessionId, String userId) {}
