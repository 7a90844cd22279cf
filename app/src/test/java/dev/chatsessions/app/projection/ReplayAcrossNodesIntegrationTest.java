package dev.chatsessions.app.projection;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Node;
import dev.chatsessions.app.support.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A replay asked of one node while another holds the projection's segments: the nodes pause it together, its tokens
 * are reset once, and it rebuilds its tables; nobody has to stop a node by hand.
 */
class ReplayAcrossNodesIntegrationTest {

    @Test
    void aReplayAskedOfOneNodeRebuildsAProjectionAnotherNodeHolds() {
        String database = TestDatabases.fresh();
        try (var holder = Node.start(database, "holder");
                var asked = Node.start(database, "asked")) {
            Api alice = holder.client("alice");
            String sessionId = alice.newSession().get("id").asText();
            alice.postMessage(sessionId, "user", "kept through the replay");
            // folded first: the segment that folds this session may be passing from one node to the other
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(items(alice.messages(sessionId))).hasSize(1));
            // the read model drifts from the events: the replay must bring the row back
            holder.bean(JdbcClient.class)
                    .sql("delete from chat_message where session_id = ?::uuid")
                    .param(sessionId)
                    .update();
            assertThat(items(alice.messages(sessionId))).isEmpty();

            asked.admin("root")
                    .postWithoutBody("/api/admin/projections/messages/replay")
                    .expect(202);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(items(asked.client("alice").messages(sessionId)))
                            .extracting(m -> m.get("content").asText())
                            .containsExactly("kept through the replay"));
            alice.postMessage(sessionId, "assistant", "and folded after it");
            assertThat(items(alice.messages(sessionId))).hasSize(2);
        }
    }
}
