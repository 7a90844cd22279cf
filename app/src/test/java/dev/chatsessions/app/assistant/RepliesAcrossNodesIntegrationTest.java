package dev.chatsessions.app.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Api.Event;
import dev.chatsessions.app.support.FakeOpenAi;
import dev.chatsessions.app.support.Node;
import dev.chatsessions.app.support.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A reply belongs to no node: generated on one, it is followed, resumed and stopped from another (through the text
 * the generating node stores as it streams), and closed by another when its node goes away.
 */
class RepliesAcrossNodesIntegrationTest {

    private static final String STEADY = "s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 ";
    private static String database;
    private static Node first;
    private static Node second;

    @BeforeAll
    static void twoNodes() {
        database = TestDatabases.fresh();
        first = node("first");
        second = node("second");
    }

    private static Node node(String name) {
        return Node.start(
                database,
                "replies-" + name,
                FakeOpenAi.arguments("--chat.assistant.orphan-after=3s", "--chat.assistant.recovery-interval=500ms"));
    }

    private static Api api(Node node) {
        return node.client("owner");
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void aClientAttachingOnTheOtherNodeGetsTheTextSoFarThenTheRest() {
        Api onFirst = api(first);
        UUID session = onFirst.newSessionId();
        try (var asking = onFirst.openAsk(session, "[steady] for a tab on the other node")) {
            asking.readDeltas(2);

            List<Event> attached;
            try (var other = api(second).openAttach(session)) {
                attached = other.readAll();
            }

            Event last = attached.get(attached.size() - 1);
            assertThat(last.name()).isEqualTo("assistant-message");
            assertThat(last.data().get("status").asText()).isEqualTo("complete");
            assertThat(Event.text(attached))
                    .isEqualTo(last.data().get("content").asText())
                    .isEqualTo(Event.text(asking.readAll()))
                    .isEqualTo(STEADY);
            assertDeltaIdsAreOffsets(attached, 0);
            assertThat(last.id()).endsWith(":assistant-message");
            // removed with the reply's MessagePosted, before any stream could end
            assertThat(chunks(replyId(attached))).isZero();
        }
    }

    @Test
    void aClientResumingOnTheOtherNodeWithLastEventIdLosesAndRepeatsNothing() {
        Api onFirst = api(first);
        UUID session = onFirst.newSessionId();
        List<Event> before;
        try (var asking = onFirst.openAsk(session, "[steady] resume me elsewhere")) {
            asking.readDeltas(3);
            before = asking.seen();
        }
        Event lastSeen = before.get(before.size() - 1);
        assertThat(before).allSatisfy(event -> assertThat(event.id()).isNotBlank());

        List<Event> after;
        try (var resumed = api(second).openAttach(session, lastSeen.id())) {
            after = resumed.readAll();
        }

        String saved = savedReply(api(second), session).get("content").asText();
        assertThat(Event.text(before) + Event.text(after)).isEqualTo(saved).isEqualTo(STEADY);
        assertDeltaIdsAreOffsets(after, Event.text(before).length());
        assertThat(Event.names(after)).endsWith("assistant-message");
    }

    @Test
    void aStopOnTheOtherNodeEndsTheReplyStoppedWithinAHeartbeat() {
        Api onFirst = api(first);
        UUID session = onFirst.newSessionId();
        try (var asking = onFirst.openAsk(session, "[slow] stop me from elsewhere")) {
            asking.readDeltas(2);

            long asked = System.nanoTime();
            assertThat(api(second).stop(session).status()).isEqualTo(202);
            List<Event> events = asking.readAll();
            Duration took = Duration.ofNanos(System.nanoTime() - asked);

            Event last = events.get(events.size() - 1);
            assertThat(last.name()).isEqualTo("assistant-message");
            assertThat(last.data().get("status").asText()).isEqualTo("stopped");
            assertThat(last.data().get("content").asText())
                    .isEqualTo(Event.text(events))
                    .startsWith("w0 w1 ");
            // [slow] goes on for 30 s; the generating node hears of the stop at once, at the latest at a heartbeat
            assertThat(took).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(api(second).stop(session).status()).isEqualTo(404);
        assertThat(api(second).attach(session).status()).isEqualTo(404);
    }

    @Test
    void aFollowerOnTheOtherNodeKeepsUpWithoutNotificationsByPolling() {
        Api onFirst = api(first);
        UUID session = onFirst.newSessionId();
        withoutTriggers(List.of("reply_chunk reply_chunk_notify", "reply_progress reply_progress_end_notify"), () -> {
            try (var asking = onFirst.openAsk(session, "[steady] unannounced")) {
                asking.readDeltas(1);
                List<Event> attached;
                try (var other = api(second).openAttach(session)) {
                    attached = other.readAll();
                }
                assertThat(Event.names(attached)).endsWith("assistant-message");
                assertThat(Event.text(attached))
                        .isEqualTo(Event.text(asking.readAll()))
                        .isEqualTo(STEADY);
            }
        });
    }

    @Test
    void aStopWhoseNotificationIsLostReachesTheGeneratingNodeAtItsNextHeartbeat() {
        Api onFirst = api(first);
        UUID session = onFirst.newSessionId();
        withoutTriggers(List.of("reply_progress reply_progress_stop_notify"), () -> {
            try (var asking = onFirst.openAsk(session, "[slow] stop me quietly")) {
                asking.readDeltas(2);

                long asked = System.nanoTime();
                assertThat(api(second).stop(session).status()).isEqualTo(202);
                List<Event> events = asking.readAll();

                assertThat(events.get(events.size() - 1).data().get("status").asText())
                        .isEqualTo("stopped");
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(3));
            }
        });
    }

    @Test
    void aReplyWhoseNodeWentAwayIsClosedFailedByAnotherWithTheTextStreamedSoFar() {
        var doomed = node("doomed");
        Api onDoomed = api(doomed);
        UUID session = onDoomed.newSessionId();
        List<Event> streamed;
        List<Event> followedElsewhere;
        try (var asking = onDoomed.openAsk(session, "[slow] a story cut short");
                var follower = api(second).openAttach(session)) {
            asking.readDeltas(3);
            follower.readDeltas(1);
            UUID reply = replyId(asking.seen());
            await().atMost(Duration.ofSeconds(10)).until(() -> chunks(reply) > 0);
            doomed.close();
            streamed = asking.readAll();
            followedElsewhere = follower.readAll();
        }

        JsonNode saved = savedReply(api(second), session);
        assertThat(saved.get("status").asText()).isEqualTo("failed");
        assertThat(saved.get("content").asText()).startsWith("w0 w1 w2 ").isEqualTo(Event.text(streamed));
        assertThat(Event.text(followedElsewhere)).isEqualTo(saved.get("content").asText());
        assertThat(Event.names(followedElsewhere)).endsWith("assistant-message", "error");
        assertThat(chunks(UUID.fromString(saved.get("id").asText()))).isZero();
        assertThat(api(first).ask(session, "Still there?").status()).isEqualTo(201);
    }

    @Test
    void aSessionDeletedOnTheOtherNodeWhileItsReplyRunsLeavesNoStoredText() {
        Api onFirst = api(first);
        UUID session = onFirst.newSessionId();
        try (var asking = onFirst.openAsk(session, "[slow] a secret story")) {
            asking.readDeltas(3);
            UUID reply = replyId(asking.seen());
            await().atMost(Duration.ofSeconds(10)).until(() -> chunks(reply) > 0);

            assertThat(api(second).delete("/api/chat-sessions/" + session).status())
                    .isEqualTo(204);

            assertThat(chunks(reply)).isZero();
            List<Event> events = asking.readAll();
            assertThat(Event.names(events)).endsWith("error").doesNotContain("assistant-message");
            assertThat(chunks(reply)).isZero();
        }
    }

    /** Runs {@code test} with the given triggers ("table trigger") off: their notifications never come. */
    private static void withoutTriggers(List<String> triggers, Runnable test) {
        triggers.forEach(trigger -> jdbc().sql("alter table " + trigger.replace(" ", " disable trigger "))
                .update());
        try {
            test.run();
        } finally {
            triggers.forEach(trigger -> jdbc().sql("alter table " + trigger.replace(" ", " enable trigger "))
                    .update());
        }
    }

    /** A delta's id is its reply's id, then the reply's length once the delta is added. */
    private static void assertDeltaIdsAreOffsets(List<Event> events, int start) {
        int end = start;
        for (Event event : events) {
            if (event.name().equals("delta")) {
                end += event.data().get("text").asText().length();
                assertThat(event.id()).endsWith(":" + end);
            }
        }
        assertThat(events.stream().map(Event::id).distinct().count()).isEqualTo(events.size());
    }

    /** The reply the events are of: the id of its delta events starts with it. */
    private static UUID replyId(List<Event> events) {
        String id = events.stream()
                .filter(e -> e.name().equals("delta"))
                .findFirst()
                .orElseThrow()
                .id();
        return UUID.fromString(id.substring(0, id.indexOf(':')));
    }

    private static long chunks(UUID reply) {
        return jdbc().sql("select count(*) from reply_chunk where reply_id = ?")
                .param(reply)
                .query(Long.class)
                .single();
    }

    /** The session's reply, once the read side has it. */
    private static JsonNode savedReply(Api api, UUID session) {
        List<JsonNode> messages = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            messages.clear();
            messages.addAll(api.messageList(session));
            return messages.size() == 2;
        });
        return messages.get(1);
    }

    private static JdbcClient jdbc() {
        return second.bean(JdbcClient.class);
    }
}
