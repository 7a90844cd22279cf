package dev.chatsessions.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes chat sessions straight into the service's event store, in the exact shape the service writes them
 * (aggregate type {@code ChatSession}, Jackson JSON payloads at their current revisions, the session's name and
 * messages' content AES-GCM encrypted with a key of the session in {@code session_key}): a {@code SessionCreated}
 * and then {@code MessagePosted} events with seq 1..n, in order, with global indexes from the table's own sequence.
 * Much faster than posting through HTTP, so that the long sessions and the replay's million events can be had in a
 * benchmark's time; the service then folds them like any others. The seeded sessions share one key, and their
 * messages one ciphertext: reading them costs the service what reading its own does.
 */
final class EventSeeder {

    /** About 300 bytes of JSON-safe text. */
    static final String CONTENT = ("Build a login form with email and password fields, a remember-me checkbox, "
            + "client-side validation that explains each mistake next to its field, a "
            + "forgot-password link, and a submit button that stays disabled until the "
            + "form is valid. Use the project's design tokens for colours and spacing; "
            + "keep it accessible with labels and focus styles. Thanks!");

    private static final String ENCRYPTED = "enc:v1:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] KEY = new byte[32];

    static {
        RANDOM.nextBytes(KEY);
    }

    private EventSeeder() {}

    /**
     * Appends {@code sessions} sessions of {@code messages} messages each, owned by {@code ownerId} in
     * {@code projectId}; returns their ids.
     */
    static List<UUID> seed(Connection connection, UUID projectId, String ownerId, int sessions, int messages)
            throws SQLException {
        String prefix = UUID.randomUUID().toString();
        try (var statement = connection.prepareStatement("""
                insert into session_key (session_id, key)
                select md5(?::text || s)::uuid, ? from generate_series(1, ?) s""")) {
            statement.setString(1, prefix);
            statement.setBytes(2, KEY);
            statement.setInt(3, sessions);
            statement.executeUpdate();
        }
        try (var statement = connection.prepareStatement("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                                                time_stamp, payload_type, payload_revision, payload, meta_data)
                select gen_random_uuid()::text, sid::text, k, 'ChatSession',
                       to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       case when k = 0 then 'dev.chatsessions.api.SessionCreated'
                            else 'dev.chatsessions.api.MessagePosted' end,
                       case when k = 0 then '1' else '2' end,
                       convert_to(case when k = 0
                           then format('{"sessionId":"%s","projectId":"%s","ownerId":"%s","name":"%s"}',
                                       sid, ?::text, ?::text, ?::text)
                           else format('{"sessionId":"%s","messageId":"%s","seq":%s,"role":"%s","content":"%s","status":"complete","reply":null}',
                                       sid, gen_random_uuid(), k, case when k % 2 = 1 then 'user' else 'assistant' end,
                                       ?::text) end, 'UTF8'),
                       convert_to('{"traceId":"bench-seed","correlationId":"bench-seed"}', 'UTF8')
                from generate_series(1, ?) s
                     cross join lateral (select md5(?::text || s)::uuid sid) ids
                     cross join lateral generate_series(0, ?) k
                order by s, k""")) {
            statement.setString(1, projectId.toString());
            statement.setString(2, ownerId);
            statement.setString(3, encrypted("Seeded"));
            statement.setString(4, encrypted(CONTENT));
            statement.setInt(5, sessions);
            statement.setString(6, prefix);
            statement.setInt(7, messages);
            statement.executeUpdate();
        }
        List<UUID> ids = new ArrayList<>();
        try (var statement =
                connection.prepareStatement("select md5(?::text || s)::uuid from generate_series(1, ?) s order by s")) {
            statement.setString(1, prefix);
            statement.setInt(2, sessions);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /**
     * Like {@link #seed}, with each message's text one of {@code texts.size()} distinct texts: message {@code k} of
     * session {@code s} (1-based) gets text {@code (s * messages + k) % texts.size()}, so that a word of one text
     * occurs in a known share of the messages. The texts are sealed once each.
     */
    static List<UUID> seedVaried(
            Connection connection, UUID projectId, String ownerId, int sessions, int messages, List<String> texts)
            throws SQLException {
        List<UUID> ids = seed(connection, projectId, ownerId, sessions, 0);
        String[] sealed = texts.stream().map(EventSeeder::encrypted).toArray(String[]::new);
        try (var statement = connection.prepareStatement("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                                                time_stamp, payload_type, payload_revision, payload, meta_data)
                select gen_random_uuid()::text, sid::text, k, 'ChatSession',
                       to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       'dev.chatsessions.api.MessagePosted', '2',
                       convert_to(format('{"sessionId":"%s","messageId":"%s","seq":%s,"role":"%s","content":"%s","status":"complete","reply":null}',
                                         sid, gen_random_uuid(), k,
                                         case when k % 2 = 1 then 'user' else 'assistant' end,
                                         texts[1 + ((s * ? + k) % array_length(texts, 1))]), 'UTF8'),
                       convert_to('{"traceId":"bench-seed","correlationId":"bench-seed"}', 'UTF8')
                from unnest(?::uuid[]) with ordinality as ids(sid, s)
                     cross join lateral generate_series(1, ?) k
                     cross join (select ?::text[] as texts) t
                order by s, k""")) {
            statement.setInt(1, messages);
            statement.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            statement.setInt(3, messages);
            statement.setArray(4, connection.createArrayOf("text", sealed));
            statement.executeUpdate();
        }
        return ids;
    }

    /** As the service's {@code SessionKeys} seals text: a random IV, then the ciphertext and its tag, in Base64. */
    private static String encrypted(String text) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return ENCRYPTED
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                                    .put(iv)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static long head(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("select coalesce(max(global_index), 0) from domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long count(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("select count(*) from domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
