package dev.chatsessions.app;

import static dev.chatsessions.app.ChatSessionsIntegrationTest.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.app.security.TestTokens;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import dev.chatsessions.app.support.TestDatabases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A replay asked of one node while another holds the projection's segments: the nodes pause it together, its tokens
 * are reset once, and it rebuilds its tables; nobody has to stop a node by hand.
 */
class ReplayAcrossNodesIntegrationTest {

    private static final String SECRET = "replay-across-nodes-test-secret-of-32-bytes";

    @Test
    void aReplayAskedOfOneNodeRebuildsAProjectionAnotherNodeHolds() {
        String database = TestDatabases.fresh();
        try (var holder = node(database, "holder");
                var asked = node(database, "asked")) {
            Api alice = client(holder, "alice", List.of());
            String sessionId = alice.newSession().get("id").asText();
            alice.postMessage(sessionId, "user", "kept through the replay");
            // the read model drifts from the events: the replay must bring the row back
            holder.getBean(JdbcClient.class)
                    .sql("delete from chat_message where session_id = ?::uuid")
                    .param(sessionId)
                    .update();
            assertThat(items(alice.messages(sessionId))).isEmpty();

            client(asked, "root", List.of("admin"))
                    .postWithoutBody("/api/admin/projections/messages/replay")
                    .expect(202);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    items(client(asked, "alice", List.of()).messages(sessionId)))
                            .extracting(m -> m.get("content").asText())
                            .containsExactly("kept through the replay"));
            alice.postMessage(sessionId, "assistant", "and folded after it");
            assertThat(items(alice.messages(sessionId))).hasSize(2);
        }
    }

    private static ConfigurableApplicationContext node(String database, String name) {
        return new SpringApplicationBuilder(ChatSessionsApplication.class)
                .run(
                        "--server.port=0",
                        "--chat.data-dir=" + DataDirs.fresh("replay-" + name),
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--chat.security.jwt.hmac-secret=" + SECRET,
                        "--chat.node-name=" + name);
    }

    private static Api client(ConfigurableApplicationContext node, String user, List<String> roles) {
        int port = Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port"));
        return Api.at(port, u -> TestTokens.hs256(SECRET, u, Duration.ofHours(1), roles))
                .as(user);
    }
}
