package dev.chatsessions.app.projection;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Node;
import dev.chatsessions.app.support.TestDatabases;
import dev.chatsessions.query.QuerySideApplication;
import dev.chatsessions.query.projection.InlineProjections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Projections folded inline fold in the transaction of the command that appends their events: a read never waits for
 * them, even with their tracking processors stopped. A replay rebuilds them through their tracking processors, each
 * event once, and they fold inline again after it; a store written while they did not fold inline is caught up before
 * they do. Both that can (the messages view, the app's default, and the sessions list) fold inline here.
 */
class InlineProjectionsIntegrationTest {

    private static final List<String> INLINE = List.of("messages", "sessions");
    private static final String BOTH_INLINE = "--chat.projections.inline=messages,sessions";

    @Test
    void aPostIsReadAtOnceWithTheTrackingProcessorsStopped() {
        try (var node = Node.start(TestDatabases.fresh(), "inline", BOTH_INLINE)) {
            awaitFoldingInline(node);
            var processing = node.bean(EventProcessingConfiguration.class);
            INLINE.forEach(name -> processing.eventProcessor(name).ifPresent(EventProcessor::shutDown));
            try {
                Api alice = node.client("alice");
                String sessionId = alice.newSession().get("id").asText();
                alice.postMessage(sessionId, "user", "folded with its event");

                assertThat(items(alice.messages(sessionId)))
                        .extracting(m -> m.get("content").asText())
                        .containsExactly("folded with its event");
                assertThat(alice.session(sessionId).get("messageCount").asLong())
                        .isEqualTo(1);
                assertThat(node.bean(EventStore.class).readEvents(sessionId).asStream())
                        .allSatisfy(event -> assertThat(event.getMetaData())
                                .containsEntry(InlineProjections.FOLDED_INLINE, "messages,sessions"));
            } finally {
                INLINE.forEach(name -> processing.eventProcessor(name).ifPresent(EventProcessor::start));
            }
        }
    }

    @Test
    void aReplayFoldsEachEventOnceAndTheyFoldInlineAgainAfterIt() {
        try (var node = Node.start(TestDatabases.fresh(), "replay", BOTH_INLINE)) {
            awaitFoldingInline(node);
            Api alice = node.client("alice");
            List<String> sessions = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                String sessionId = alice.newSession().get("id").asText();
                sessions.add(sessionId);
                for (int m = 0; m < 20; m++) {
                    alice.postMessage(sessionId, m % 2 == 0 ? "user" : "assistant", "message " + m);
                }
            }
            JdbcClient jdbc = node.bean(JdbcClient.class);
            var sessionRows = sessionRows(jdbc);
            // the read models drift from the events: the replay must bring them back
            jdbc.sql("delete from chat_message").update();
            jdbc.sql("update chat_session set message_count = 0, name = 'drifted'")
                    .update();

            for (String projection : INLINE) {
                node.admin("root")
                        .postWithoutBody("/api/admin/projections/" + projection + "/replay")
                        .expect(202);
            }
            // posted while they rebuild: their tracking processors fold these too, once
            for (int m = 20; m < 25; m++) {
                alice.postMessage(sessions.get(0), "user", "message " + m);
            }
            awaitFoldingInline(node);
            String after = alice.postMessage(sessions.get(1), "user", "folded inline again")
                    .get("message")
                    .get("id")
                    .asText();

            assertThat(items(alice.messages(sessions.get(0))))
                    .extracting(m -> m.get("content").asText())
                    .hasSize(25)
                    .doesNotHaveDuplicates()
                    .startsWith("message 0")
                    .endsWith("message 24");
            assertThat(alice.session(sessions.get(0)).get("messageCount").asLong())
                    .isEqualTo(25);
            assertThat(items(alice.messages(sessions.get(1)))).hasSize(21);
            assertThat(alice.session(sessions.get(1)).get("messageCount").asLong())
                    .isEqualTo(21);
            var unchanged = sessionRows(jdbc);
            assertThat(unchanged.get(sessions.get(2))).isEqualTo(sessionRows.get(sessions.get(2)));
            assertThat(node.bean(EventStore.class)
                            .readEvents(sessions.get(1))
                            .asStream()
                            .reduce((earlier, last) -> last)
                            .orElseThrow()
                            .getMetaData())
                    .containsEntry(InlineProjections.FOLDED_INLINE, "messages,sessions");
            assertThat(jdbc.sql("select count(*) from chat_message where id = ?::uuid")
                            .param(after)
                            .query(Long.class)
                            .single())
                    .isOne();
        }
    }

    @Test
    void aStoreWrittenWithoutInlineFoldingIsCaughtUpBeforeTheyFoldInline() {
        String database = TestDatabases.fresh();
        String sessionId;
        try (var before = Node.start(database, "tracking-only", "--chat.projections.inline=")) {
            Api alice = before.client("alice");
            sessionId = alice.newSession().get("id").asText();
            alice.postMessage(sessionId, "user", "written before");
            alice.postMessage(sessionId, "assistant", "also before");
            assertThat(before.bean(EventStore.class).readEvents(sessionId).asStream())
                    .allSatisfy(event ->
                            assertThat(event.getMetaData()).doesNotContainKey(InlineProjections.FOLDED_INLINE));
        }
        try (var after = Node.start(database, "inline-after", BOTH_INLINE)) {
            awaitFoldingInline(after);
            Api alice = after.client("alice");
            alice.postMessage(sessionId, "user", "written after");

            assertThat(items(alice.messages(sessionId)))
                    .extracting(m -> m.get("content").asText())
                    .containsExactly("written before", "also before", "written after");
            assertThat(alice.session(sessionId).get("messageCount").asLong()).isEqualTo(3);
        }
    }

    @Test
    void theAppFoldsTheMessagesViewInlineAndTheSessionsListBehind() {
        try (var node = Node.start(TestDatabases.fresh(), "default")) {
            JdbcClient jdbc = node.bean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("select name from inline_projection where folding")
                            .query(String.class)
                            .list()
                            .equals(List.of("messages")));
            Api alice = node.client("alice");
            String sessionId = alice.newSession().get("id").asText();
            alice.postMessage(sessionId, "user", "named after this");

            assertThat(alice.session(sessionId).get("name").asText()).isEqualTo("named after this");
            assertThat(node.bean(EventStore.class).readEvents(sessionId).asStream())
                    .allSatisfy(event ->
                            assertThat(event.getMetaData()).containsEntry(InlineProjections.FOLDED_INLINE, "messages"));
        }
    }

    /** The jar's read side started alone (as the compose file's sides profile starts it) cannot fold inline. */
    @Test
    void aReadSideStartedApartFoldsNothingInline() {
        try (var querySide = new SpringApplicationBuilder(QuerySideApplication.class)
                .run(
                        "--server.port=0",
                        "--chat.node-name=query-apart",
                        "--spring.datasource.url=" + TestDatabases.fresh(),
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--chat.security.jwt.hmac-secret=" + Node.SECRET)) {
            assertThat(querySide.getBean(InlineProjections.class).configured()).isEmpty();
        }
    }

    private static void awaitFoldingInline(Node node) {
        JdbcClient jdbc = node.bean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from inline_projection where folding")
                                .query(Long.class)
                                .single()
                        == INLINE.size());
    }

    private static Map<String, Map<String, Object>> sessionRows(JdbcClient jdbc) {
        return jdbc.sql("select * from chat_session").query().listOfRows().stream()
                .collect(java.util.stream.Collectors.toMap(row -> ((UUID) row.get("id")).toString(), row -> row));
    }
}
