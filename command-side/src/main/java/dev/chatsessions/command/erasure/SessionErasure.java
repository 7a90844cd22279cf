package dev.chatsessions.command.erasure;

import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.eventstore.SessionKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes a deleted session's text unrecoverable, in the transaction that records the deletion (a subscribing
 * processor): destroys the key its events' text is encrypted with, and removes the copies of that text kept outside
 * the events: the session's snapshots, the recorded answers to repeatable requests and the text of a reply in progress.
 * It also releases the session's events that projections could not fold, so that they fold its deletion.
 */
@Component
@ProcessingGroup(SessionErasure.NAME)
public class SessionErasure {

    public static final String NAME = "erasure";

    private final SessionKeys sessionKeys;
    private final JdbcClient jdbc;

    SessionErasure(SessionKeys sessionKeys, JdbcClient jdbc) {
        this.sessionKeys = sessionKeys;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SessionDeleted event) {
        sessionKeys.destroy(event.sessionId());
        jdbc.sql("delete from snapshot_event_entry where aggregate_identifier = ?")
                .param(event.sessionId().toString())
                .update();
        jdbc.sql("delete from client_request where session_id = ?")
                .param(event.sessionId())
                .update();
        // and with it the reply's stored text (reply_chunk, whose rows go with their reply_progress row)
        jdbc.sql("delete from reply_progress where session_id = ?")
                .param(event.sessionId())
                .update();
        // events of the session parked by a projection would hold back the deletion behind them
        jdbc.sql("delete from dead_letter_entry where sequence_identifier = ?")
                .param(event.sessionId().toString())
                .update();
    }
}
