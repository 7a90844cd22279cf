package dev.chatsessions.app.projection;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Node;
import dev.chatsessions.app.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A projection starts as one segment; when a second node joins, it is split and the two nodes share its segments, so
 * that a node more folds its part of the events; each event is folded once (the analytics counters add, so a second
 * fold would show); when a node leaves, the other takes its segments over and merges them back into one, and takes
 * over those of a node that died once their claims expire.
 */
class ProjectionSegmentsAcrossNodesIntegrationTest {

    private static final List<String> PROJECTIONS = List.of("projects", "sessions", "messages", "analytics", "search");
    private static final int SESSIONS = 6;
    private static final int MESSAGES_EACH = 5;

    @Test
    void twoNodesSplitAndShareEveryProjectionFoldEachEventOnceAndOneTakesOverWhenTheOtherLeavesOrDies() {
        String database = TestDatabases.fresh();
        try (var first = Node.start(database, "first")) {
            JdbcClient jdbc = first.bean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(segments(jdbc))
                            .as("segments of each projection on one node")
                            .containsOnlyKeys(PROJECTIONS)
                            .allSatisfy((projection, count) -> assertThat(count).isEqualTo(1)));
            Api viaFirst = first.client("alice");
            String projectId = viaFirst.createProject("Shared").get("id").asText();
            List<String> sessions = new ArrayList<>();

            try (var second = Node.start(database, "second")) {
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(owners(jdbc))
                                .as("the owners of each projection's segments")
                                .containsOnlyKeys(PROJECTIONS)
                                .allSatisfy((projection, owners) ->
                                        assertThat(owners).containsExactlyInAnyOrder("first", "second")));

                Api viaSecond = second.client("alice");
                for (int s = 0; s < SESSIONS; s++) {
                    sessions.add(viaFirst.createSession(projectId).get("id").asText());
                }
                for (int i = 0; i < MESSAGES_EACH; i++) {
                    for (String session : sessions) {
                        (i % 2 == 0 ? viaFirst : viaSecond).postMessage(session, "user", "message " + i);
                    }
                }
                for (String session : sessions) {
                    assertThat(items(viaSecond.messages(session))).hasSize(MESSAGES_EACH);
                }
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() ->
                                assertThat(userMessagesCounted(jdbc, projectId)).isEqualTo(SESSIONS * MESSAGES_EACH));
            }

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(owners(jdbc))
                            .as("the owners of each projection's segments once the second node left")
                            .allSatisfy(
                                    (projection, owners) -> assertThat(owners).containsExactly("first")));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(segments(jdbc))
                            .as("segments of each projection, merged back once the second node left")
                            .allSatisfy((projection, count) -> assertThat(count).isEqualTo(1)));
            viaFirst.postMessage(sessions.get(0), "user", "after the second node left");
            assertThat(items(viaFirst.messages(sessions.get(0)))).hasSize(MESSAGES_EACH + 1);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(userMessagesCounted(jdbc, projectId)).isEqualTo(SESSIONS * MESSAGES_EACH + 1));

            // a node that dies holds its claims until they expire (Axon's claim timeout, 10 s); then they are taken
            // over (analytics: it folds behind, not inline)
            jdbc.sql("update token_entry set owner = 'dead', timestamp = ? where processor_name = 'analytics'")
                    .param(Instant.now().toString())
                    .update();
            for (String session : sessions) {
                viaFirst.postMessage(session, "user", "while a dead node held the segments");
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(userMessagesCounted(jdbc, projectId))
                            .isEqualTo(SESSIONS * (MESSAGES_EACH + 1) + 1L));
            assertThat(owners(jdbc).get("analytics")).containsExactly("first");
        }
    }

    private static Map<String, Set<String>> owners(JdbcClient jdbc) {
        return jdbc
                .sql("select processor_name, owner from token_entry")
                .query((rs, n) -> List.of(rs.getString(1), String.valueOf(rs.getString(2))))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        row -> row.get(0), Collectors.mapping(row -> row.get(1), Collectors.toSet())));
    }

    private static Map<String, Long> segments(JdbcClient jdbc) {
        return jdbc
                .sql("select processor_name, count(*) from token_entry group by processor_name")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static long userMessagesCounted(JdbcClient jdbc, String projectId) {
        return jdbc.sql("select coalesce(sum(user_messages), 0) from analytics_day where project_id = ?::uuid")
                .param(projectId)
                .query(Long.class)
                .single();
    }
}
