package dev.chatsessions.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.app.security.TestTokens;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import dev.chatsessions.app.support.LiveStream;
import dev.chatsessions.app.support.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The live stream follows the event store, not this node's memory: a stream opened on one node shows the changes
 * made through the other, in order, with the same ids, and resumes on the other node with Last-Event-ID.
 */
class LiveStreamTwoNodesIntegrationTest {

    private static final String SECRET = "live-two-nodes-test-secret-of-at-least-32-bytes";

    @Test
    void aStreamOnOneNodeShowsTheChangesMadeThroughTheOther() {
        String database = TestDatabases.fresh();
        try (var first = node(database, "first");
                var second = node(database, "second")) {
            Api writer = client(first);
            String project = writer.createProject("Shared").get("id").asText();
            try (LiveStream onSecond = LiveStream.open(port(second), token(), project, null)) {
                String session = writer.createSession(project, "Made on the first node")
                        .get("id")
                        .asText();
                writer.postMessage(session, "user", "hello from the first node");
                writer.patch("/api/chat-sessions/" + session, Map.of("pinned", true))
                        .expect(200);

                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(onSecond.changes()).hasSize(3));
                var changes = onSecond.changes();
                assertThat(changes).allSatisfy(e -> {
                    assertThat(e.name()).isEqualTo("session");
                    assertThat(e.json().get("id").asText()).isEqualTo(session);
                });
                assertThat(changes.get(2).json().get("pinned").asBoolean()).isTrue();

                try (LiveStream onFirst = LiveStream.open(
                        port(first), token(), project, changes.get(0).id())) {
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(onFirst.changes())
                                    .extracting(LiveStream.Event::id)
                                    .containsExactly(
                                            changes.get(1).id(), changes.get(2).id()));
                }
            }
        }
    }

    private static ConfigurableApplicationContext node(String database, String name) {
        return new SpringApplicationBuilder(ChatSessionsApplication.class)
                .run(
                        "--server.port=0",
                        "--chat.data-dir=" + DataDirs.fresh("live-node-" + name),
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--chat.security.jwt.hmac-secret=" + SECRET);
    }

    private static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static String token() {
        return TestTokens.hs256(SECRET, "owner", Duration.ofHours(1), List.of());
    }

    private static Api client(ConfigurableApplicationContext node) {
        return Api.at(port(node), user -> TestTokens.hs256(SECRET, user, Duration.ofHours(1), List.of()))
                .as("owner");
    }
}
