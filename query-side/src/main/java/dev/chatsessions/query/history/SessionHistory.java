package dev.chatsessions.query.history;

import dev.chatsessions.api.AuditedEvent;
import dev.chatsessions.api.AuditedEventPage;
import dev.chatsessions.api.FindMessagesAsOf;
import dev.chatsessions.api.FindSessionAsOf;
import dev.chatsessions.api.FindSessionEvents;
import dev.chatsessions.api.MessagePage;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionStart;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.paging.Paging;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers from a session's own event stream rather than from the read tables: its audit trail, and the session
 * and conversation as they stood at any instant. Only the owner (the user in its first event, a {@code SessionStart})
 * may read them, also after deletion.
 */
@Component
class SessionHistory {

    private final EventStore eventStore;

    SessionHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @QueryHandler
    Optional<AuditedEventPage> handle(FindSessionEvents query) {
        if (!ownedBy(query.userId(), query.sessionId())) {
            return Optional.empty();
        }
        long after = query.cursor() == null ? 0 : Paging.decodeSequence(query.cursor());
        List<AuditedEvent> rows = events(query.sessionId(), after)
                .limit(query.limit() + 1L)
                .map(SessionHistory::audited)
                .toList();
        return Optional.of(
                Paging.page(rows, query.limit(), last -> Paging.encodeSequence(last.seq()), AuditedEventPage::new));
    }

    @QueryHandler
    Optional<SessionView> handle(FindSessionAsOf query) {
        return asOf(query.userId(), query.sessionId(), query.asOf()).map(SessionAsOf::session);
    }

    @QueryHandler
    Optional<MessagePage> handle(FindMessagesAsOf query) {
        long after = query.cursor() == null ? 0 : Paging.decodeSequence(query.cursor());
        return asOf(query.userId(), query.sessionId(), query.asOf())
                .map(state -> state.messages().stream()
                        .filter(m -> m.seq() > after)
                        .limit(query.limit() + 1L)
                        .toList())
                .map(rows ->
                        Paging.page(rows, query.limit(), last -> Paging.encodeSequence(last.seq()), MessagePage::new));
    }

    /** Empty for another user's session, and for a deleted one at any instant: its text is gone for good. */
    private Optional<SessionAsOf> asOf(String userId, UUID sessionId, java.time.Instant asOf) {
        List<? extends DomainEventMessage<?>> all = events(sessionId, 0).toList();
        if (!ownedBy(userId, all.stream()) || all.stream().anyMatch(e -> e.getPayload() instanceof SessionDeleted)) {
            return Optional.empty();
        }
        return SessionAsOf.replay(all.stream().takeWhile(e -> !e.getTimestamp().isAfter(asOf)));
    }

    private boolean ownedBy(String userId, UUID sessionId) {
        return ownedBy(userId, events(sessionId, 0));
    }

    private static boolean ownedBy(String userId, Stream<? extends DomainEventMessage<?>> events) {
        return events.findFirst()
                .map(DomainEventMessage::getPayload)
                .filter(SessionStart.class::isInstance)
                .map(start -> ((SessionStart) start).ownerId().equals(userId))
                .orElse(false);
    }

    /** The session's events from the given position (1-based, exclusive) on, upcast to their current revision. */
    private Stream<? extends DomainEventMessage<?>> events(UUID sessionId, long afterSeq) {
        return eventStore.readEvents(sessionId.toString(), afterSeq).asStream();
    }

    private static AuditedEvent audited(DomainEventMessage<?> event) {
        return new AuditedEvent(
                event.getSequenceNumber() + 1,
                event.getPayloadType().getSimpleName(),
                event.getTimestamp(),
                event.getPayload(),
                event.getMetaData());
    }
}
