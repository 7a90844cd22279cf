package dev.chatsessions.eventstore;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the event store keeps of a deleted session, made unrecoverable in the caller's transaction: the key its
 * events' text is encrypted with, and its snapshots (which hold its state in the clear). It also releases the
 * session's events that projections could not fold, which would otherwise hold back the deletion behind them.
 */
public class StoredSessionErasure {

    private final SessionKeys sessionKeys;
    private final JdbcClient jdbc;

    StoredSessionErasure(SessionKeys sessionKeys, JdbcClient jdbc) {
        this.sessionKeys = sessionKeys;
        this.jdbc = jdbc;
    }

    public void forget(UUID sessionId) {
        sessionKeys.destroy(sessionId);
        jdbc.sql("delete from snapshot_event_entry where aggregate_identifier = ?")
                .param(sessionId.toString())
                .update();
        jdbc.sql("delete from dead_letter_entry where sequence_identifier = ?")
                .param(sessionId.toString())
                .update();
    }
}
