package dev.chatsessions.app.storage;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.FlakyProxy;
import dev.chatsessions.app.support.Node;
import dev.chatsessions.app.support.Response;
import dev.chatsessions.app.support.TestDatabases;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The database drops every connection under load, refuses new ones for a while and comes back: a write that was
 * answered 2xx is stored, one that met the failure is answered 503 with Retry-After, and repeating it with its id
 * stores it exactly once. The service recovers by itself.
 */
class DatabaseFailureIntegrationTest {

    private static final int CLIENTS = 8;

    @Test
    void neverAcknowledgesAWriteItDidNotStoreAndRecoversByItself() throws Exception {
        URI database = URI.create(TestDatabases.fresh().substring("jdbc:".length()));
        try (var proxy = new FlakyProxy(database.getPort());
                var app = Node.start(
                        "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getPath(),
                        "database-failure",
                        "--spring.datasource.hikari.connection-timeout=2000")) {
            Api api = app.client("owner").asNewUser();
            String projectId = api.createProject("Under failure").get("id").asText();
            List<String> sessions = IntStream.range(0, 10)
                    .mapToObj(i -> api.createSession(projectId).get("id").asText())
                    .toList();

            var acknowledged = new ConcurrentHashMap<String, String>(); // message id -> session id
            var wrongAnswers = new ConcurrentLinkedQueue<String>();
            var unavailable = new AtomicInteger();
            Instant stopPosting = Instant.now().plusSeconds(6);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                Api client = api.secondClient();
                clients.submit(() -> {
                    while (Instant.now().isBefore(stopPosting)) {
                        String sessionId =
                                sessions.get(ThreadLocalRandom.current().nextInt(sessions.size()));
                        String id = UUID.randomUUID().toString();
                        Map<String, String> body = Map.of(
                                "id", id, "chatSessionId", sessionId, "role", "user", "content", "message " + id);
                        for (int attempt = 0; attempt < 200; attempt++) {
                            Response answer;
                            try {
                                answer = client.post("/api/chat-messages", body);
                            } catch (UncheckedIOException connectionLost) {
                                continue;
                            }
                            if ((answer.status() == 201 || answer.status() == 200)
                                    && !answer.body().isBlank()) {
                                acknowledged.put(id, sessionId);
                                break;
                            }
                            if (answer.status() == 503
                                    && answer.header("Retry-After").isPresent()) {
                                unavailable.incrementAndGet();
                            } else {
                                wrongAnswers.add(answer.status() + " " + answer.body());
                            }
                        }
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() > 50);
            proxy.cut();
            // down until the clients have met it again and again
            await().atMost(Duration.ofSeconds(20)).until(() -> unavailable.get() + wrongAnswers.size() >= 4 * CLIENTS);
            proxy.heal();
            clients.shutdown();
            assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

            assertThat(wrongAnswers)
                    .as("answers other than the stored message or 503 with Retry-After")
                    .isEmpty();
            assertThat(unavailable.get()).as("writes that met the failure").isPositive();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(api.get("/actuator/health")
                                    .json()
                                    .get("status")
                                    .asText())
                            .isEqualTo("UP"));
            for (String sessionId : sessions) {
                List<String> stored = new ArrayList<>();
                List<Long> seqs = new ArrayList<>();
                for (JsonNode message : allMessages(api, sessionId)) {
                    stored.add(message.get("id").asText());
                    seqs.add(message.get("seq").asLong());
                }
                List<String> expected = acknowledged.entrySet().stream()
                        .filter(e -> e.getValue().equals(sessionId))
                        .map(Map.Entry::getKey)
                        .toList();
                assertThat(stored)
                        .as("messages of session %s", sessionId)
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(seqs)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, stored.size()).boxed().toList());
                assertThat(api.session(sessionId).get("messageCount").asLong()).isEqualTo(stored.size());
            }
        }
    }

    private static List<JsonNode> allMessages(Api api, String sessionId) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/chat-sessions/" + sessionId + "/messages?limit=200"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200)
                    .json();
            items(page).forEach(all::add);
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asText();
        } while (cursor != null);
        return all;
    }
}
