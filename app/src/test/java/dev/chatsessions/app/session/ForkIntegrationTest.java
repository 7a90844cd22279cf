package dev.chatsessions.app.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import dev.chatsessions.app.support.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code POST /api/chat-sessions/{id}/fork}: a branch of a conversation, a session of its own. */
class ForkIntegrationTest extends HttpIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private String project;
    private String source;

    /** A user of this test's own, with a conversation of four messages in a session named "Trip". */
    @BeforeEach
    void conversation() {
        project = api.createProject("Branching").get("id").asText();
        source = api.createSession(project, "Trip").get("id").asText();
        api.postMessage(source, "user", "Plan a trip to Lisbon");
        api.postMessage(source, "assistant", "Day 1: **Alfama**\n\n```\ncode stays\n```");
        api.postMessage(source, "user", "Make it cheaper");
        api.postMessage(source, "assistant", "Stay in a hostel");
    }

    private String forkPath(String session) {
        return "/api/chat-sessions/" + session + "/fork";
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    @Test
    void forksTheWholeConversationIntoANewSessionOfTheSameProject() {
        Response answer = api.post(forkPath(source), "{}").expect(201);

        JsonNode fork = answer.json();
        String forkId = fork.get("id").asText();
        assertThat(forkId).isNotEqualTo(source);
        assertThat(answer.header("Location")).contains("/api/chat-sessions/" + forkId);
        assertThat(fork.get("projectId").asText()).isEqualTo(project);
        assertThat(fork.get("name").asText()).isEqualTo("Trip (fork)");
        assertThat(fork.get("messageCount").asLong()).isEqualTo(4);
        assertThat(api.session(forkId)).isEqualTo(fork);

        List<JsonNode> copies = items(api.messages(forkId));
        List<JsonNode> originals = items(api.messages(source));
        assertThat(copies).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(copies.get(i).get("id")).isNotEqualTo(originals.get(i).get("id"));
            assertThat(copies.get(i).get("chatSessionId").asText()).isEqualTo(forkId);
            for (String field : List.of("seq", "role", "content", "status")) {
                assertThat(copies.get(i).get(field))
                        .as(field)
                        .isEqualTo(originals.get(i).get(field));
            }
        }
        assertThat(items(api.get("/api/projects/" + project + "/chat-sessions").json()))
                .extracting(s -> s.get("id").asText())
                .containsExactlyInAnyOrder(source, forkId);
        assertThat(api.session(source).get("messageCount").asLong())
                .as("the source is untouched")
                .isEqualTo(4);
    }

    @Test
    void forksUpToAPositionUnderTheGivenNameAndGoesOnOnItsOwn() {
        JsonNode fork = api.post(forkPath(source), Map.of("upToSeq", 2, "name", "Trip, the expensive way"))
                .expect(201)
                .json();
        String forkId = fork.get("id").asText();

        assertThat(fork.get("name").asText()).isEqualTo("Trip, the expensive way");
        assertThat(items(api.messages(forkId)))
                .extracting(m -> m.get("content").asText())
                .containsExactly("Plan a trip to Lisbon", "Day 1: **Alfama**\n\n```\ncode stays\n```");
        JsonNode posted = api.postMessage(forkId, "user", "Make it luxurious");
        assertThat(posted.at("/message/seq").asLong()).isEqualTo(3);
        assertThat(posted.at("/session/name").asText())
                .as("a fork is not auto-named")
                .isEqualTo("Trip, the expensive way");
        assertThat(api.session(source).get("messageCount").asLong()).isEqualTo(4);
    }

    @Test
    void recordsWhereTheForkCameFromInItsEvents() {
        String forkId = api.post(forkPath(source), Map.of("upToSeq", 3))
                .expect(201)
                .json()
                .get("id")
                .asText();

        JsonNode events = api.get("/api/chat-sessions/" + forkId + "/events")
                .expect(200)
                .json()
                .get("items");
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("SessionForked", "MessagePosted", "MessagePosted", "MessagePosted");
        assertThat(events.at("/0/payload/sourceSessionId").asText()).isEqualTo(source);
        assertThat(events.at("/0/payload/upToSeq").asLong()).isEqualTo(3);
        assertThat(events.at("/0/metadata/userId").asText()).isEqualTo(api.userId());
    }

    @Test
    void rejectsAPositionOutsideTheConversation() {
        for (long upToSeq : new long[] {0, -1, 5}) {
            api.post(forkPath(source), Map.of("upToSeq", upToSeq)).expectInvalid(forkPath(source), "upToSeq");
        }
        api.post(forkPath(source), Map.of("name", "x".repeat(101))).expectInvalid(forkPath(source), "name");
        api.post(forkPath(source), "{\"upToSeq\":\"two\"}").expectInvalid(forkPath(source), "upToSeq");
        assertThat(items(api.get("/api/projects/" + project + "/chat-sessions").json()))
                .hasSize(1);
    }

    @Test
    void anUnknownForeignOrDeletedSourceIsNotFound() {
        String unknown = UUID.randomUUID().toString();
        api.post(forkPath(unknown), "{}").expectProblem(404, forkPath(unknown));
        api.asNewUser().post(forkPath(source), "{}").expectProblem(404, forkPath(source));
        api.post(forkPath(project), "{}").expectProblem(404, forkPath(project));

        api.delete("/api/chat-sessions/" + source).expect(204);
        api.post(forkPath(source), "{}").expectProblem(404, forkPath(source));
    }

    @Test
    void isIdempotentLikeEveryCreate() {
        String id = UUID.randomUUID().toString();
        Response first =
                api.post(forkPath(source), Map.of("id", id, "upToSeq", 2)).expect(201);
        Response again =
                api.post(forkPath(source), Map.of("id", id, "upToSeq", 2)).expect(200);

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(items(api.messages(id))).hasSize(2);
        api.post(forkPath(source), Map.of("id", id, "upToSeq", 3)).expectProblem(409, forkPath(source));
        api.post(forkPath(source), Map.of("id", source)).expectProblem(409, forkPath(source));

        String key = UUID.randomUUID().toString();
        JsonNode keyed = api.post(forkPath(source), "{}", "Idempotency-Key", key)
                .expect(201)
                .json();
        assertThat(api.post(forkPath(source), "{}", "Idempotency-Key", key)
                        .expect(200)
                        .json())
                .isEqualTo(keyed);
        assertThat(items(api.get("/api/projects/" + project + "/chat-sessions").json()))
                .hasSize(3);
    }

    @Test
    void countsForksApartInAnalytics() {
        api.post(forkPath(source), "{}").expect(201);

        JsonNode totals = api.get("/api/projects/" + project + "/analytics")
                .expect(200)
                .json()
                .get("totals");
        assertThat(totals.get("sessionsCreated").asLong()).isEqualTo(1);
        assertThat(totals.get("sessionsForked").asLong()).isEqualTo(1);
        assertThat(totals.get("sessionsImported").asLong()).isZero();
    }

    @Test
    void aForkSurvivesItsSourcesErasureAndHoldsNoTextOfOtherSessions() {
        String forkId =
                api.post(forkPath(source), "{}").expect(201).json().get("id").asText();
        String secondFork = api.post(forkPath(forkId), Map.of("upToSeq", 1))
                .expect(201)
                .json()
                .get("id")
                .asText();
        List<JsonNode> before = items(api.messages(forkId));
        String forkRaw = rawText(forkId);
        assertThat(forkRaw).as("the fork's text is encrypted at rest").doesNotContain("Lisbon", "hostel", "Trip");
        for (String sourceCipher : ciphertexts(rawText(source))) {
            assertThat(forkRaw)
                    .as("the fork holds its own ciphertext, not the source's")
                    .doesNotContain(sourceCipher);
        }
        assertThat(keyCount(forkId)).isEqualTo(1);

        api.delete("/api/chat-sessions/" + source).expect(204);

        assertThat(keyCount(source)).isZero();
        assertThat(items(api.messages(forkId))).isEqualTo(before);
        assertThat(api.session(forkId).get("name").asText()).isEqualTo("Trip (fork)");
        assertThat(api.get("/api/chat-sessions/" + forkId + "/events").json().toString())
                .contains("Lisbon");

        api.delete("/api/chat-sessions/" + forkId).expect(204);

        assertThat(items(api.messages(secondFork)))
                .extracting(m -> m.get("content").asText())
                .containsExactly("Plan a trip to Lisbon");
        api.get("/api/chat-sessions/" + forkId + "/messages")
                .expectProblem(404, "/api/chat-sessions/" + forkId + "/messages");
        assertThat(api.get("/api/chat-sessions/" + forkId + "/events").json().toString())
                .doesNotContain("Lisbon");
    }

    private long keyCount(String session) {
        return jdbc.sql("select count(*) from session_key where session_id = ?")
                .param(UUID.fromString(session))
                .query(Long.class)
                .single();
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

    private static List<String> ciphertexts(String raw) {
        List<String> found = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("enc:v1:[A-Za-z0-9+/=]+").matcher(raw);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        assertThat(found).as("ciphertexts in %s", raw).isNotEmpty();
        return found;
    }
}
