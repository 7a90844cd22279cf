package dev.chatsessions.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** One conversation of an import file; handled by the project, which checks its owner. See {@link SessionImported}. */
public record ImportSession(
        @TargetAggregateIdentifier UUID projectId,
        UUID sessionId,
        String userId,
        String name,
        String source,
        String sourceConversationId,
        Instant originalCreatedAt,
        List<ImportedMessage> messages) {}
