package dev.chatsessions.command.session;

import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.Role;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The messages a session has accepted, as {@link MessageIds} records them in the posting transaction. A session asks
 * here whether a message is one of its assistant messages instead of keeping every message id in its state and
 * snapshots; the message itself is read back from the session's events, starting at its own.
 */
@Component
public class PostedMessages {

    private final JdbcClient jdbc;
    private final EventStore eventStore;

    PostedMessages(JdbcClient jdbc, EventStore eventStore) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
    }

    /** Who wrote the message, if it is one of the session's messages. */
    public Optional<Role> roleOf(UUID sessionId, UUID messageId) {
        return jdbc.sql("select role from message_id where message_id = ? and session_id = ?")
                .params(messageId, sessionId)
                .query(String.class)
                .optional()
                .map(role -> Role.valueOf(role.toUpperCase()));
    }

    /** The message as it was posted, read back from the session's events; empty if it is not the session's. */
    public Optional<MessageView> view(UUID sessionId, UUID messageId) {
        Optional<Long> eventSeq = jdbc.sql("select event_seq from message_id where message_id = ? and session_id = ?")
                .params(messageId, sessionId)
                .query(Long.class)
                .optional();
        if (eventSeq.isEmpty()) {
            return Optional.empty();
        }
        try (var events =
                eventStore.readEvents(sessionId.toString(), eventSeq.get()).asStream()) {
            return events.map(DomainEventMessage.class::cast)
                    .filter(e -> e.getPayload() instanceof MessagePosted posted
                            && posted.messageId().equals(messageId))
                    .findFirst()
                    .map(e -> {
                        var posted = (MessagePosted) e.getPayload();
                        return new MessageView(
                                posted.messageId(),
                                posted.sessionId(),
                                posted.seq(),
                                posted.role(),
                                posted.content(),
                                posted.status(),
                                e.getTimestamp().truncatedTo(ChronoUnit.MILLIS));
                    });
        }
    }
}
