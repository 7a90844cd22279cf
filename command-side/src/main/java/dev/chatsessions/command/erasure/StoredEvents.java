package dev.chatsessions.command.erasure;

import dev.chatsessions.eventstore.StoredSessionErasure;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The event store's part: the session's key, its snapshots and its parked events. */
@Component
class StoredEvents implements SessionTextOwner {

    private final StoredSessionErasure eventStore;

    StoredEvents(StoredSessionErasure eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public void forget(UUID sessionId) {
        eventStore.forget(sessionId);
    }
}
