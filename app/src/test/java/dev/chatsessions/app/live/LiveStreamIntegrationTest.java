package dev.chatsessions.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.ChatSessionsApplication;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.LiveStream;
import dev.chatsessions.app.support.LiveStream.Event;
import dev.chatsessions.app.support.TestDatabases;
import dev.chatsessions.app.support.TestTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live project stream on one node: what it sends, ids, resuming with Last-Event-ID, heartbeats, ownership. Its
 * own context (a short heartbeat), closed after the class rather than with the others at the end of the run.
 */
@DirtiesContext
@SpringBootTest(
        classes = ChatSessionsApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.security.jwt.hmac-secret=" + LiveStreamIntegrationTest.SECRET, "chat.live.heartbeat=PT0.3S"
        })
class LiveStreamIntegrationTest {

    static final String SECRET = "live-stream-integration-test-secret-of-enough-bytes";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::fresh);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @LocalServerPort
    int port;

    private Api alice;
    private Api mallory;
    private final List<LiveStream> opened = new ArrayList<>();

    @BeforeEach
    void clients() {
        Api api = Api.at(port, user -> TestTokens.hs256(SECRET, user, Duration.ofHours(1), List.of()));
        alice = api.as("alice");
        mallory = api.as("mallory");
    }

    @AfterEach
    void close() {
        opened.forEach(LiveStream::close);
    }

    private String token(String user) {
        return TestTokens.hs256(SECRET, user, Duration.ofHours(1), List.of());
    }

    private HttpResponse<java.io.InputStream> request(String user, String project, String lastEventId) {
        return LiveStream.request(port, token(user), project, lastEventId);
    }

    private LiveStream open(String project, String lastEventId) {
        LiveStream live = LiveStream.open(port, token("alice"), project, lastEventId);
        opened.add(live);
        return live;
    }

    private static JsonNode json(Event event) {
        return event.json();
    }

    @Test
    void sendsTheProjectsChangesAsTheyHappenAndResumesAfterALastEventId() {
        String project = alice.createProject("Live").get("id").asText();
        String otherProject = alice.createProject("Elsewhere").get("id").asText();
        LiveStream live = open(project, null);

        String session = alice.createSession(project, "Plans").get("id").asText();
        alice.createSession(otherProject, "Not here");
        alice.postMessage(session, "user", "hello");
        alice.patch("/api/chat-sessions/" + session, Map.of("name", "Renamed")).expect(200);
        alice.patch("/api/chat-sessions/" + session, Map.of("pinned", true)).expect(200);
        alice.patch("/api/chat-sessions/" + session, Map.of("archived", true)).expect(200);
        // A change is sent with the session as it is when sent: one deleted by then is sent only as deleted.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(live.changes()).hasSize(5));
        alice.delete("/api/chat-sessions/" + session).expect(204);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(live.changes()).hasSize(6));
        List<Event> changes = live.changes();
        assertThat(changes)
                .extracting(Event::name)
                .containsExactly("session", "session", "session", "session", "session", "session-deleted");
        assertThat(changes).allSatisfy(e -> assertThat(e.id()).matches("\\d+"));
        List<Long> ids = changes.stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(changes.subList(0, 5))
                .allSatisfy(e -> assertThat(json(e).get("id").asText()).isEqualTo(session));
        assertThat(json(changes.get(5))).isEqualTo(Api.JSON.createObjectNode().put("id", session));
        assertThat(json(changes.get(4)).get("archived").asBoolean()).isTrue();
        assertThat(json(changes.get(3)).get("pinned").asBoolean()).isTrue();

        // Resumed after the rename: the pin and archive of a session deleted since are not sent, its deletion is.
        LiveStream resumed = open(project, changes.get(2).id());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(resumed.changes()).hasSize(1));
        assertThat(resumed.changes().get(0)).isEqualTo(changes.get(5));

        // Resumed after the last event it was sent, a stream misses nothing that came later and repeats nothing.
        live.close();
        String later = alice.createSession(project, "Later").get("id").asText();
        alice.postMessage(later, "user", "while away");
        LiveStream again = open(project, changes.get(5).id());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(again.changes()).hasSize(2));
        assertThat(again.changes()).allSatisfy(e -> {
            assertThat(e.name()).isEqualTo("session");
            assertThat(json(e).get("id").asText()).isEqualTo(later);
            assertThat(Long.parseLong(e.id()))
                    .isGreaterThan(Long.parseLong(changes.get(5).id()));
        });
        assertThat(json(again.changes().get(1)).get("messageCount").asLong()).isEqualTo(1);
    }

    @Test
    void sendsHeartbeatsWhileNothingHappens() {
        String project = alice.createProject("Quiet").get("id").asText();
        LiveStream live = open(project, null);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(live.events.stream()
                                .filter(e -> "heartbeat".equals(e.comment()))
                                .count())
                        .isGreaterThanOrEqualTo(2));
        assertThat(live.changes()).isEmpty();
    }

    @Test
    void refusesOtherUsersProjectsAndBadIds() throws java.io.IOException {
        String project = alice.createProject("Private").get("id").asText();

        var foreign = request("mallory", project, null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(new String(foreign.body().readAllBytes(), StandardCharsets.UTF_8))
                .contains("\"status\":404");
        var unknown = request("alice", java.util.UUID.randomUUID().toString(), null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        unknown.body().close();
        var badId = request("alice", project, "yesterday");
        assertThat(badId.statusCode()).isEqualTo(400);
        badId.body().close();
        assertThat(mallory.get("/api/projects/" + project).status()).isEqualTo(404);
    }
}
