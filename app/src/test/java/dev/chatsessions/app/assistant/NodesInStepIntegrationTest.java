package dev.chatsessions.app.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.FakeOpenAi;
import dev.chatsessions.app.support.Node;
import dev.chatsessions.app.support.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database, each with its own cache of sessions and keys: what one node changes, the other never
 * decides or decrypts from a stale copy (PostgreSQL's notifications tell it at commit).
 */
class NodesInStepIntegrationTest {

    private static Node first;
    private static Node second;

    @BeforeAll
    static void twoNodes() {
        String database = TestDatabases.fresh();
        first = node(database, "first");
        second = node(database, "second");
    }

    private static Node node(String database, String name) {
        return Node.start(
                database,
                "in-step-" + name,
                FakeOpenAi.arguments(
                        "--chat.assistant.answer-timeout=1s",
                        "--chat.event-store.poll-interval=60s",
                        "--chat.read-your-writes.max-wait=PT3S"));
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void aReplyFinishedOnOneNodeLetsTheOtherTakeTheNextQuestion() {
        Api onFirst = first.client("owner");
        Api onSecond = second.client("owner");
        String sessionId = onFirst.newSession().get("id").asText();
        String ask = "/api/chat-sessions/" + sessionId + "/messages";

        onFirst.post(ask, Map.of("content", "[slow] take your time")).expect(202);
        // the second node loads the session while the reply runs, and keeps it
        onSecond.patch("/api/chat-sessions/" + sessionId, Map.of("name", "Renamed on the second"))
                .expect(200);
        onFirst.postWithoutBody("/api/chat-sessions/" + sessionId + "/reply/stop")
                .expect(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lastStatus(onSecond, sessionId).equals("stopped"));

        onSecond.post(ask, Map.of("content", "and now?")).expect(201);
    }

    /**
     * The first node started holds the projections' segments, and polls the event store only every minute here: the
     * second node's writes reach them through its notifications alone.
     */
    @Test
    void aWriteOnOneNodeIsReadThereAtOnceFromProjectionsTheOtherRuns() {
        Api onSecond = second.client("owner");
        String sessionId = onSecond.newSession().get("id").asText();

        onSecond.postMessage(sessionId, "user", "written on the second");

        assertThat(onSecond.messages(sessionId).get("items"))
                .extracting(m -> m.get("content").asText())
                .containsExactly("written on the second");
    }

    @Test
    void aSessionDeletedOnOneNodeHasNoTextLeftOnTheOtherThatHadItsKey() {
        Api onFirst = first.client("owner");
        Api onSecond = second.client("owner");
        String sessionId = onFirst.newSession().get("id").asText();
        onFirst.postMessage(sessionId, "user", "a secret worth erasing");
        String events = "/api/chat-sessions/" + sessionId + "/events";
        assertThat(onSecond.get(events).expect(200).body()).contains("a secret worth erasing");

        onFirst.delete("/api/chat-sessions/" + sessionId).expect(204);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(onSecond.get(events).expect(200).body())
                        .doesNotContain("a secret worth erasing", "a secret worth"));
    }

    private static String lastStatus(Api api, String sessionId) {
        List<JsonNode> messages = new ArrayList<>();
        api.messages(sessionId).get("items").forEach(messages::add);
        return messages.isEmpty()
                ? ""
                : messages.get(messages.size() - 1).get("status").asText();
    }
}
