package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Handled by the source session, which checks its owner and the position before the fork comes to life.
 * {@code upToSeq} null means all of the source's messages; {@code name} null means {@code "<source name> (fork)"}.
 */
public record ForkSession(
        @TargetAggregateIdentifier UUID sourceSessionId, UUID sessionId, String userId, Long upToSeq, String name) {}
