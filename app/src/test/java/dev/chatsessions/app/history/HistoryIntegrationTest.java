package dev.chatsessions.app.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.TestDatabases;
import dev.chatsessions.app.support.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The audit stream, point-in-time views and projection replays, against a real event store. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chat.security.jwt.hmac-secret=" + HistoryIntegrationTest.SECRET,
            // so that the erasure test's session has snapshots to erase
            "chat.snapshot.threshold=3"
        })
class HistoryIntegrationTest {

    static final String SECRET = "history-integration-test-secret-of-enough-bytes";

    /** Each projection's tables, in the order their rows are compared. */
    private static final Map<String, List<String>> TABLES = Map.of(
            "projects", List.of("select * from project order by id"),
            "sessions",
                    List.of(
                            "select * from chat_session order by id",
                            "select * from session_list_project order by project_id"),
            "messages",
                    List.of(
                            "select * from chat_message order by id",
                            "select * from message_session order by session_id"),
            "analytics",
                    List.of(
                            "select * from analytics_day order by project_id, day",
                            "select * from analytics_session_day order by project_id, day, session_id",
                            "select * from analytics_session order by session_id",
                            "select * from analytics_project order by project_id"),
            "search",
                    List.of(
                            "select * from search_session order by id",
                            "select * from search_message order by id",
                            "select * from search_project order by project_id"));

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::fresh);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private Api alice;
    private Api mallory;
    private Api admin;

    @BeforeEach
    void clients() {
        Api api = Api.at(
                port,
                user -> TestTokens.hs256(
                        SECRET, user, Duration.ofHours(1), user.equals("root") ? List.of("admin") : List.of()));
        alice = api.as("alice");
        mallory = api.as("mallory");
        admin = api.as("root");
    }

    @Test
    void listsASessionsEventsWithWhoCausedThemAndWhichRequest() {
        String project = alice.createProject("Audit").get("id").asText();
        String session = alice.createSession(project).get("id").asText();
        var posted = alice.post(
                        "/api/chat-messages",
                        message(session, "user", "Plan the launch"),
                        "X-Correlation-Id",
                        "launch-42")
                .expect(201);
        alice.patch("/api/chat-sessions/" + session, "{\"name\":\"Launch\"}");
        alice.delete("/api/chat-sessions/" + session);

        assertThat(posted.header("X-Correlation-Id")).hasValue("launch-42");
        JsonNode events =
                alice.get("/api/chat-sessions/" + session + "/events").json().get("items");
        assertThat(texts(events, "type"))
                .containsExactly(
                        "SessionCreated", "MessagePosted", "SessionRenamed", "SessionRenamed", "SessionDeleted");
        assertThat(texts(events, "seq")).containsExactly("1", "2", "3", "4", "5");
        assertThat(events.get(1).at("/metadata/userId").asText()).isEqualTo("alice");
        assertThat(events.get(1).at("/metadata/correlationId").asText()).isEqualTo("launch-42");
        assertThat(events.get(2).at("/payload/automatic").asBoolean()).isTrue();
        assertThat(events.get(4).at("/metadata/correlationId").asText()).isNotBlank();
    }

    @Test
    void recordsWhoAskedOnTheAssistantsReplyToo() {
        String session = alice.createSession(
                        alice.createProject("Asked").get("id").asText())
                .get("id")
                .asText();
        // No model is configured here: the reply, saved on the generator's own thread, ends failed.
        alice.post(
                        "/api/chat-sessions/" + session + "/messages",
                        "{\"content\":\"Hello?\"}",
                        "X-Correlation-Id",
                        "ask-7")
                .expect(201);

        JsonNode events =
                alice.get("/api/chat-sessions/" + session + "/events").json().get("items");
        JsonNode reply = events.get(events.size() - 1);
        assertThat(reply.get("type").asText()).isEqualTo("MessagePosted");
        assertThat(reply.at("/payload/role").asText()).isEqualTo("assistant");
        assertThat(reply.at("/metadata/userId").asText()).isEqualTo("alice");
        assertThat(reply.at("/metadata/correlationId").asText()).isEqualTo("ask-7");
    }

    @Test
    void erasesADeletedSessionsTextEverywhereButKeepsItsAuditTrail() {
        String secret = "secret-" + UUID.randomUUID();
        String project = alice.createProject("Erasure").get("id").asText();
        String session = alice.createSession(project).get("id").asText();
        alice.patch("/api/chat-sessions/" + session, "{\"name\":\"Name " + secret + "\"}")
                .expect(200);
        alice.post("/api/chat-messages", message(session, "user", "my " + secret + " plan"), "Idempotency-Key", "k-1")
                .expect(201);
        String answer = alice.post("/api/chat-messages", message(session, "assistant", "the " + secret + " answer"))
                .expect(201)
                .json()
                .at("/message/id")
                .asText();
        alice.patch("/api/chat-sessions/" + session, "{\"pinned\":true}").expect(200);
        alice.send(
                        "PUT",
                        "/api/chat-sessions/" + session + "/messages/" + answer + "/feedback",
                        "application/json",
                        ("{\"rating\":\"up\",\"comment\":\"a " + secret + " comment\"}").getBytes(),
                        false)
                .expect(200);
        // no model in this test: the reply fails, and its error is kept in the event like the message's text
        var asked = alice.post("/api/chat-sessions/" + session + "/messages", "{\"content\":\"ask " + secret + "\"}")
                .expect(201)
                .json();
        String replyError = asked.at("/error/detail").asText();
        assertThat(replyError).isNotBlank();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                jdbc.sql("select count(*) from snapshot_event_entry where aggregate_identifier = ?")
                                        .param(session)
                                        .query(Long.class)
                                        .single())
                        .isPositive());
        assertThat(rawText(session))
                .as("text is encrypted at rest, snapshots included")
                .doesNotContain(secret, replyError);
        // a reply in progress, as its node stores it (no model here to generate one)
        var reply = UUID.randomUUID();
        jdbc.sql(
                        "insert into reply_progress (reply_id, session_id, started_at, heartbeat_at) values (?, ?, now(), now())")
                .params(reply, UUID.fromString(session))
                .update();
        jdbc.sql("insert into reply_chunk (reply_id, position, text) values (?, 0, ?)")
                .params(reply, "a " + secret + " reply in progress")
                .update();
        awaitProjectionsCaughtUp();
        assertThat(readRowsOf(session)).as("the read tables hold the session").isNotEmpty();
        Instant beforeDeletion = Instant.now();

        alice.delete("/api/chat-sessions/" + session).expect(204);

        assertThat(jdbc.sql("select count(*) from reply_chunk where reply_id = ?")
                        .param(reply)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from reply_progress where reply_id = ?")
                        .param(reply)
                        .query(Long.class)
                        .single())
                .isZero();

        assertThat(rawText(session)).doesNotContain(secret, replyError);
        assertThat(jdbc.sql("select count(*) from session_key where session_id = ?")
                        .param(UUID.fromString(session))
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from client_request where session_id = ?")
                        .param(UUID.fromString(session))
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from snapshot_event_entry where aggregate_identifier = ?")
                        .param(session)
                        .query(Long.class)
                        .single())
                .isZero();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(everyTableAsText())
                        .as("every table Flyway creates")
                        .doesNotContain(secret));
        JsonNode events =
                alice.get("/api/chat-sessions/" + session + "/events").json().get("items");
        List<String> types = texts(events, "type");
        assertThat(types)
                .startsWith("SessionCreated", "SessionRenamed", "MessagePosted", "MessagePosted")
                .endsWith("SessionDeleted");
        assertThat(events.get(1).at("/payload/name").isNull()).isTrue();
        assertThat(events.get(2).at("/payload/content").isNull()).isTrue();
        assertThat(events.get(2).at("/metadata/userId").asText()).isEqualTo("alice");
        JsonNode failedReply = events.get(types.lastIndexOf("MessagePosted"));
        assertThat(failedReply.at("/payload/status").asText()).isEqualTo("failed");
        assertThat(failedReply.at("/payload/reply/error").isNull())
                .as("the reply's error, erased")
                .isTrue();
        assertThat(types).contains("SessionPinned", "FeedbackGiven");
        JsonNode feedback = events.get(types.indexOf("FeedbackGiven"));
        assertThat(feedback.at("/payload/comment").isNull()).isTrue();
        assertThat(feedback.at("/payload/rating").asText()).isEqualTo("up");
        awaitProjectionsCaughtUp();
        assertThat(readRowsOf(session))
                .as("no read table keeps a row of the deleted session")
                .isEmpty();
        assertThat(alice.get("/api/chat-sessions/" + session + "/messages").status())
                .isEqualTo(404);
        assertThat(alice.get("/api/chat-sessions/" + session + "/messages?asOf=" + beforeDeletion)
                        .status())
                .as("a deleted session at an instant before its deletion")
                .isEqualTo(404);
        assertThat(alice.get("/api/chat-sessions/" + session + "?asOf=" + beforeDeletion)
                        .status())
                .isEqualTo(404);
        assertThat(alice.get("/api/chat-sessions/" + session + "/events").json().toString())
                .doesNotContain(secret, replyError);
    }

    /** The rows of every read table that names the session, as "table: row". */
    private List<String> readRowsOf(String session) {
        var id = java.util.UUID.fromString(session);
        List<String> rows = new ArrayList<>();
        for (String table :
                List.of("chat_session", "chat_message", "message_session", "search_session", "search_message")) {
            String column = table.equals("chat_session") || table.equals("search_session") ? "id" : "session_id";
            jdbc.sql("select * from " + table + " where " + column + " = ?")
                    .param(id)
                    .query()
                    .listOfRows()
                    .forEach(row -> rows.add(table + ": " + row));
        }
        return rows;
    }

    /** Everything stored about the session in the event store and snapshots, as text. */
    private String rawText(String session) {
        return String.join(
                "\n", jdbc.sql("""
                                              select convert_from(payload, 'UTF8') || ' ' || convert_from(meta_data, 'UTF8')
                                              from domain_event_entry where aggregate_identifier = ?
                                              union all
                                              select convert_from(payload, 'UTF8') from snapshot_event_entry
                                              where aggregate_identifier = ?""").params(session, session).query(String.class).list());
    }

    /** Every row of every table in the database (those of all Flyway histories), each column as text. */
    private String everyTableAsText() {
        var columns = new LinkedHashMap<String, List<String>>();
        jdbc.sql("""
                         select table_name, column_name, data_type from information_schema.columns
                         where table_schema = current_schema() order by table_name, ordinal_position""")
                .query((rs, n) -> columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                        .add(
                                rs.getString(3).equals("bytea")
                                        ? "encode(\"" + rs.getString(2) + "\", 'escape')"
                                        : "\"" + rs.getString(2) + "\"::text"))
                .list();
        assertThat(columns)
                .containsKeys(
                        "domain_event_entry",
                        "snapshot_event_entry",
                        "session_key",
                        "client_request",
                        "reply_progress",
                        "token_entry",
                        "chat_message",
                        "chat_session");
        var text = new StringBuilder();
        columns.forEach((table, cols) -> jdbc.sql(
                        "select concat_ws(' ', " + String.join(", ", cols) + ") from \"" + table + "\"")
                .query(String.class)
                .list()
                .forEach(row -> text.append(row).append('\n')));
        return text.toString();
    }

    @Test
    void countsAProjectsActivityPerDay() {
        String project = alice.createProject("Analytics").get("id").asText();
        String first = alice.createSession(project).get("id").asText();
        String second = alice.createSession(project).get("id").asText();
        alice.post("/api/chat-messages", message(first, "user", "question")).expect(201);
        alice.post("/api/chat-messages", message(first, "assistant", "answer")).expect(201);
        alice.post("/api/chat-messages", message(second, "user", "another")).expect(201);
        alice.delete("/api/chat-sessions/" + second).expect(204);
        // No model is configured here: the reply ends failed.
        alice.post("/api/chat-sessions/" + first + "/messages", "{\"content\":\"Are you there?\"}")
                .expect(201);

        JsonNode analytics =
                alice.get("/api/projects/" + project + "/analytics").expect(200).json();

        JsonNode totals = analytics.get("totals");
        assertThat(totals.get("sessionsCreated").asLong()).isEqualTo(2);
        assertThat(totals.get("sessionsDeleted").asLong()).isEqualTo(1);
        assertThat(totals.get("userMessages").asLong()).isEqualTo(3);
        assertThat(totals.get("assistantMessages").asLong()).isEqualTo(2);
        assertThat(totals.get("messagesPerSession").asDouble()).isEqualTo(2.5);
        assertThat(totals.get("repliesFailed").asLong()).isEqualTo(1);
        assertThat(totals.get("repliesStopped").asLong()).isZero();
        assertThat(analytics.get("days")).hasSize(1);
        assertThat(analytics.at("/days/0/day").asText())
                .isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        assertThat(alice.get("/api/projects/" + project + "/analytics?from=2020-01-01&to=2020-01-31")
                        .json()
                        .get("days"))
                .isEmpty();
        assertThat(alice.get("/api/projects/" + project + "/analytics?from=2020-02-01&to=2020-01-01")
                        .status())
                .isEqualTo(400);
        assertThat(mallory.get("/api/projects/" + project + "/analytics").status())
                .isEqualTo(404);
    }

    @Test
    void pagesTheEventStreamAndHidesItFromOtherUsers() {
        String project = alice.createProject("Paged").get("id").asText();
        String session = alice.createSession(project).get("id").asText();
        for (int i = 1; i <= 4; i++) {
            alice.post("/api/chat-messages", message(session, "user", "message " + i));
        }

        var first =
                alice.get("/api/chat-sessions/" + session + "/events?limit=3").json();
        var second = alice.get("/api/chat-sessions/" + session + "/events?limit=3&cursor="
                        + first.get("nextCursor").asText())
                .json();

        assertThat(texts(first.get("items"), "seq")).containsExactly("1", "2", "3");
        assertThat(texts(second.get("items"), "seq")).containsExactly("4", "5", "6");
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(mallory.get("/api/chat-sessions/" + session + "/events").status())
                .isEqualTo(404);
    }

    @Test
    void showsTheConversationAndNameAsTheyStoodAtAnInstant() {
        String project = alice.createProject("Then").get("id").asText();
        Instant beforeSession = Instant.now().minusSeconds(1);
        String session = alice.createSession(project).get("id").asText();
        Instant beforeMessages = Instant.now();
        alice.post("/api/chat-messages", message(session, "user", "First question"));
        alice.post("/api/chat-messages", message(session, "assistant", "First answer"));
        Instant afterTwo = lastEventTime(session);
        alice.post("/api/chat-messages", message(session, "user", "Second question"));
        alice.patch("/api/chat-sessions/" + session, "{\"name\":\"Renamed later\"}");

        assertThat(alice.get("/api/chat-sessions/" + session + "?asOf=" + beforeMessages)
                        .json()
                        .get("name")
                        .asText())
                .isEqualTo("New Chat");
        var then =
                alice.get("/api/chat-sessions/" + session + "?asOf=" + afterTwo).json();
        assertThat(then.get("name").asText()).isEqualTo("First question");
        assertThat(then.get("messageCount").asInt()).isEqualTo(2);
        var messagesThen = alice.get("/api/chat-sessions/" + session + "/messages?asOf=" + afterTwo)
                .json();
        assertThat(texts(messagesThen.get("items"), "content")).containsExactly("First question", "First answer");
        assertThat(alice.get("/api/chat-sessions/" + session + "?asOf=" + beforeSession)
                        .status())
                .isEqualTo(404);
        assertThat(alice.get("/api/chat-sessions/" + session + "?asOf=" + Instant.now())
                        .json()
                        .get("name")
                        .asText())
                .isEqualTo("Renamed later");
        assertThat(alice.get("/api/chat-sessions/" + session + "?asOf=yesterday")
                        .status())
                .isEqualTo(400);
        assertThat(mallory.get("/api/chat-sessions/" + session + "?asOf=" + afterTwo)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void replayingEveryProjectionRebuildsItsTablesRowForRow() {
        String project = alice.createProject("Replayed").get("id").asText();
        List<String> sessions = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            String session = alice.createSession(project).get("id").asText();
            sessions.add(session);
            for (int m = 0; m < 5; m++) {
                alice.post("/api/chat-messages", message(session, m % 2 == 0 ? "user" : "assistant", "text " + m));
            }
        }
        alice.patch("/api/chat-sessions/" + sessions.get(1), "{\"name\":\"Manual\"}");
        alice.patch("/api/chat-sessions/" + sessions.get(1), "{\"pinned\":true}");
        alice.patch("/api/chat-sessions/" + sessions.get(3), "{\"archived\":true}");
        String answer = alice.post("/api/chat-messages", message(sessions.get(0), "assistant", "rated"))
                .json()
                .at("/message/id")
                .asText();
        alice.send(
                        "PUT",
                        "/api/chat-sessions/" + sessions.get(0) + "/messages/" + answer + "/feedback",
                        "application/json",
                        "{\"rating\":\"down\",\"comment\":\"meh\"}".getBytes(),
                        false)
                .expect(200);
        alice.delete("/api/chat-sessions/" + sessions.get(2));
        // No model is configured here: each of these replies ends failed.
        alice.post("/api/chat-sessions/" + sessions.get(3) + "/messages", "{\"content\":\"Will you answer?\"}")
                .expect(201);
        alice.post("/api/chat-sessions/" + sessions.get(0) + "/messages", "{\"content\":\"And you?\"}")
                .expect(201);
        awaitProjectionsCaughtUp();
        Map<String, List<List<Map<String, Object>>>> before = readModel();

        String erased = alice.createSession(project).get("id").asText();
        alice.post("/api/chat-messages", message(erased, "user", "to be erased"));
        alice.delete("/api/chat-sessions/" + erased);
        awaitProjectionsCaughtUp();
        before = readModel();

        for (String projection : TABLES.keySet()) {
            assertThat(admin.postWithoutBody("/api/admin/projections/" + projection + "/replay")
                            .status())
                    .isEqualTo(202);
        }
        awaitProjectionsCaughtUp();

        Map<String, List<List<Map<String, Object>>>> after = readModel();
        before.forEach((projection, tables) -> {
            for (int t = 0; t < tables.size(); t++) {
                assertThat(after.get(projection).get(t))
                        .as(TABLES.get(projection).get(t))
                        .containsExactlyElementsOf(tables.get(t));
            }
        });
        assertThat(admin.postWithoutBody("/api/admin/projections/nonexistent/replay")
                        .status())
                .isEqualTo(404);
        assertThat(alice.postWithoutBody("/api/admin/projections/messages/replay")
                        .status())
                .isEqualTo(403);
    }

    private void awaitProjectionsCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode statuses = admin.get("/api/admin/projections").json();
            assertThat(statuses).allSatisfy(status -> {
                assertThat(status.get("lag").asLong()).isZero();
                assertThat(status.get("replaying").asBoolean()).isFalse();
            });
        });
    }

    private Map<String, List<List<Map<String, Object>>>> readModel() {
        Map<String, List<List<Map<String, Object>>>> tables = new LinkedHashMap<>();
        TABLES.forEach((projection, queries) -> tables.put(
                projection,
                queries.stream().map(sql -> jdbc.sql(sql).query().listOfRows()).toList()));
        return tables;
    }

    private Instant lastEventTime(String session) {
        JsonNode items =
                alice.get("/api/chat-sessions/" + session + "/events").json().get("items");
        return Instant.parse(items.get(items.size() - 1).get("timestamp").asText());
    }

    private static String message(String session, String role, String content) {
        return "{\"chatSessionId\":\"" + session + "\",\"role\":\"" + role + "\",\"content\":\"" + content + "\"}";
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.get(field).asText())
                .toList();
    }
}
