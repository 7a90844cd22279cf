package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A partial change of a session: each of {@code name}, {@code pinned}, {@code archived} that is not null. */
public record ChangeSession(
        @TargetAggregateIdentifier UUID sessionId, String userId, String name, Boolean pinned, Boolean archived) {}
