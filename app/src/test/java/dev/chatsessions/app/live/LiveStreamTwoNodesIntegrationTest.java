package dev.chatsessions.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.LiveStream;
import dev.chatsessions.app.support.Node;
import dev.chatsessions.app.support.TestDatabases;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live stream follows the event store, not this node's memory: a stream opened on one node shows the changes
 * made through the other, in order, with the same ids, and resumes on the other node with Last-Event-ID.
 */
class LiveStreamTwoNodesIntegrationTest {

    @Test
    void aStreamOnOneNodeShowsTheChangesMadeThroughTheOther() {
        String database = TestDatabases.fresh();
        try (var first = Node.start(database, "first");
                var second = Node.start(database, "second")) {
            Api writer = first.client("owner");
            String project = writer.createProject("Shared").get("id").asText();
            try (LiveStream onSecond = LiveStream.open(second.port(), Node.token("owner"), project, null)) {
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
                        first.port(),
                        Node.token("owner"),
                        project,
                        changes.get(0).id())) {
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(onFirst.changes())
                                    .extracting(LiveStream.Event::id)
                                    .containsExactly(
                                            changes.get(1).id(), changes.get(2).id()));
                }
            }
        }
    }
}
