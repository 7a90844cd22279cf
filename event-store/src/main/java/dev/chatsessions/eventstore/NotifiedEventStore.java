package dev.chatsessions.eventstore;

import java.util.List;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/** Axon's embedded event store, told when another node committed events, so that its processors fetch them at once. */
public class NotifiedEventStore extends EmbeddedEventStore {

    NotifiedEventStore(Builder builder) {
        super(builder);
    }

    /** What a commit in this process does for its own events: wakes the fetching of new events if it is waiting. */
    public void newEventsElsewhere() {
        afterCommit(List.of());
    }
}
