package dev.chatsessions.command.session;

import dev.chatsessions.api.MessagePosted;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Reads the messages from the session's own event stream from its first event, past any snapshot, and stops at
 * {@code upToSeq}: the stream is read lazily, in batches.
 */
@Component
class EventStoreMessages implements StoredMessages {

    private final EventStore eventStore;

    EventStoreMessages(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public List<MessagePosted> upTo(UUID sessionId, long upToSeq) {
        if (upToSeq < 1) {
            return List.of();
        }
        return eventStore
                .readEvents(sessionId.toString(), 0)
                .asStream()
                .map(event -> event.getPayload() instanceof MessagePosted posted ? posted : null)
                .filter(posted -> posted != null)
                .takeWhile(posted -> posted.seq() <= upToSeq)
                .toList();
    }
}
