package dev.chatsessions.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ceiling: the least durable work one post needs, in plain JDBC on the same PostgreSQL, one connection per
 * client: update the session row (taking its lock and the next seq), insert the message row, insert an
 * event-sized row with the same indexes as the event store, one transaction.
 */
final class Ceiling {

    private Ceiling() {}

    static Result run(String jdbcUrl, int clients, int sessions, Duration warmup, Duration measure)
            throws SQLException {
        try (Connection setup = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            try (var statement = setup.createStatement()) {
                statement.execute("""
                        create table event_row (
                            global_index bigserial primary key, event_identifier varchar(255) not null unique,
                            aggregate_identifier varchar(255) not null, sequence_number bigint not null,
                            type varchar(255), time_stamp varchar(255) not null, payload_type varchar(255) not null,
                            payload_revision varchar(255), payload bytea not null, meta_data bytea,
                            unique (aggregate_identifier, sequence_number));
                        create index event_row_by_type on event_row (payload_type, global_index);
                        create table chat_session (
                            id uuid primary key, project_id uuid not null, owner_id text not null, name text not null,
                            created_at timestamptz not null, updated_at timestamptz not null,
                            message_count bigint not null default 0, last_message_at timestamptz);
                        create index chat_session_dropdown on chat_session (project_id, updated_at desc, id desc);
                        create table chat_message (
                            id uuid primary key, session_id uuid not null, seq bigint not null, role text not null,
                            content text not null, status text not null, created_at timestamptz not null,
                            unique (session_id, seq));
                        """);
                statement.execute("""
                        insert into chat_session (id, project_id, owner_id, name, created_at, updated_at)
                        select gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'bench', 'New Chat',
                               now(), now() from generate_series(1, %d)""".formatted(sessions));
            }
        }
        List<UUID> ids = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        try {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                    var rs = c.createStatement().executeQuery("select id from chat_session")) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            List<PreparedStatement[]> statements = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                c.setAutoCommit(false);
                connections.add(c);
                statements.add(new PreparedStatement[] {
                    c.prepareStatement("""
                                update chat_session set message_count = message_count + 1, updated_at = now(),
                                       last_message_at = now() where id = ? returning message_count"""), c.prepareStatement("""
                                insert into chat_message (id, session_id, seq, role, content, status, created_at)
                                values (?, ?, ?, 'USER', ?, 'COMPLETE', now())"""), c.prepareStatement("""
                                insert into event_row (event_identifier, aggregate_identifier, sequence_number, type,
                                       time_stamp, payload_type, payload_revision, payload, meta_data)
                                values (?, ?, ?, 'ChatSession', ?, 'dev.chatsessions.api.MessagePosted', '1', ?, ?)""")
                });
            }
            byte[] metaData =
                    "{\"traceId\":\"00000000-0000-0000-0000-000000000000\",\"correlationId\":\"00000000-0000-0000-0000-000000000000\"}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return LoadGenerator.run("ceiling", clients, warmup, measure, client -> {
                PreparedStatement[] s = statements.get(client);
                Connection c = connections.get(client);
                UUID session = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                UUID message = UUID.randomUUID();
                try {
                    s[0].setObject(1, session);
                    long seq;
                    try (var rs = s[0].executeQuery()) {
                        rs.next();
                        seq = rs.getLong(1);
                    }
                    s[1].setObject(1, message);
                    s[1].setObject(2, session);
                    s[1].setLong(3, seq);
                    s[1].setString(4, EventSeeder.CONTENT);
                    s[1].executeUpdate();
                    s[2].setString(1, UUID.randomUUID().toString());
                    s[2].setString(2, session.toString());
                    s[2].setLong(3, seq);
                    s[2].setString(4, java.time.Instant.now().toString());
                    s[2].setBytes(
                            5,
                            ("{\"sessionId\":\"" + session + "\",\"messageId\":\"" + message + "\",\"seq\":"
                                            + seq + ",\"role\":\"user\",\"content\":\"" + EventSeeder.CONTENT
                                            + "\",\"status\":\"complete\"}")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    s[2].setBytes(6, metaData);
                    s[2].executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
                return -1;
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }
}
