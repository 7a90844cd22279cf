package dev.chatsessions.app.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.app.support.TestDatabases;
import dev.chatsessions.eventstore.EventStoreSchema;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The command side's V4 migration fills the role and stream position of the messages posted before it, so that
 * feedback can be given on assistant messages of existing sessions.
 */
class MessageRolesMigrationIntegrationTest {

    @Test
    void fillsTheRoleAndPositionOfMessagesPostedBefore() {
        var dataSource = new DriverManagerDataSource(TestDatabases.fresh(), "postgres", "");
        EventStoreSchema.migrations(dataSource).migrate();
        var jdbc = JdbcClient.create(dataSource);
        UUID session = UUID.randomUUID();
        UUID question = UUID.randomUUID();
        UUID reply = UUID.randomUUID();
        UUID older = UUID.randomUUID();
        store(jdbc, session, 0, "dev.chatsessions.api.SessionCreated", "{\"sessionId\":\"" + session + "\"}");
        store(jdbc, session, 1, "dev.chatsessions.api.MessagePosted", posted(session, question, "user"));
        store(jdbc, session, 2, "dev.chatsessions.api.SessionRenamed", "{\"sessionId\":\"" + session + "\"}");
        store(jdbc, session, 3, "dev.chatsessions.api.MessagePosted", posted(session, reply, "assistant"));
        store(jdbc, session, 4, "dev.chatsessions.api.MessagePosted", posted(session, older, "ASSISTANT"));

        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/command")
                .table("flyway_history_command")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();

        var rows = jdbc.sql("select message_id, role, event_seq from message_id where session_id = ?")
                .param(session)
                .query((rs, n) -> Map.entry(
                        rs.getObject("message_id", UUID.class), rs.getString("role") + "@" + rs.getLong("event_seq")))
                .list();
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        Map.entry(question, "user@1"),
                        Map.entry(reply, "assistant@3"),
                        Map.entry(older, "assistant@4"));
    }

    private static String posted(UUID session, UUID message, String role) {
        return "{\"sessionId\":\"" + session + "\",\"messageId\":\"" + message + "\",\"seq\":1,\"role\":\"" + role
                + "\",\"content\":\"encrypted\",\"status\":\"complete\"}";
    }

    private static void store(JdbcClient jdbc, UUID session, long seq, String type, String payload) {
        jdbc.sql("""
                     insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                                                     time_stamp, payload_type, payload_revision, payload)
                     values (?, ?, ?, 'ChatSession', '2025-10-12T15:30:00Z', ?, '1', ?)""")
                .params(
                        UUID.randomUUID().toString(),
                        session.toString(),
                        seq,
                        type,
                        payload.getBytes(StandardCharsets.UTF_8))
                .update();
    }
}
