package dev.chatsessions.command.session;

import dev.chatsessions.api.MessagePosted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Message ids are unique across all sessions, a rule no single session can check: each posted message claims its id
 * in the transaction that records it (a subscribing processor whose failures fail the command). With the id it
 * records who wrote the message and where its event is in the session's stream, for {@link PostedMessages}.
 */
@Component
@ProcessingGroup(MessageIds.GROUP)
public class MessageIds {

    public static final String GROUP = "message-ids";

    private final JdbcClient jdbc;

    MessageIds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MessagePosted event, @SequenceNumber Long eventSeq) {
        int claimed = jdbc.sql("""
                                   insert into message_id (message_id, session_id, role, event_seq) values (?, ?, ?, ?)
                                   on conflict do nothing""")
                .params(event.messageId(), event.sessionId(), event.role().toString(), eventSeq)
                .update();
        if (claimed == 0) {
            throw new IdInUse();
        }
    }
}
