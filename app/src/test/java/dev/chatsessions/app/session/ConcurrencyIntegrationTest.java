package dev.chatsessions.app.session;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import dev.chatsessions.app.support.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ConcurrencyIntegrationTest extends HttpIntegrationTest {

    private static final int CLIENTS = 8;
    private static final int MESSAGES_EACH = 25;

    @Test
    void clientsPostingToOneSessionAtOnceGetEveryMessageNumberedWithoutGaps() throws Exception {
        String sessionId = api.newSession().get("id").asText();
        var start = new CyclicBarrier(CLIENTS);
        var threads = Executors.newFixedThreadPool(CLIENTS);

        List<CompletableFuture<List<Response>>> clients = IntStream.range(0, CLIENTS)
                .mapToObj(c -> {
                    var client = api.secondClient();
                    return CompletableFuture.supplyAsync(
                            () -> {
                                await(start);
                                List<Response> answers = new ArrayList<>();
                                for (int i = 0; i < MESSAGES_EACH; i++) {
                                    answers.add(client.post(
                                            "/api/chat-messages",
                                            Map.of(
                                                    "chatSessionId",
                                                    sessionId,
                                                    "role",
                                                    i % 2 == 0 ? "user" : "assistant",
                                                    "content",
                                                    "client " + c + " message " + i)));
                                }
                                return answers;
                            },
                            threads);
                })
                .toList();
        List<Response> answers = new ArrayList<>();
        try {
            for (var client : clients) {
                answers.addAll(client.get(120, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        int total = CLIENTS * MESSAGES_EACH;
        assertThat(answers).extracting(Response::status).containsOnly(201).hasSize(total);
        assertThat(answers)
                .extracting(r -> r.json().get("message").get("seq").asLong())
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, total).boxed().toList());
        List<JsonNode> messages = items(api.messages(sessionId));
        assertThat(messages)
                .extracting(m -> m.get("seq").asLong())
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, total).boxed().toList());
        // Each client's messages keep the order in which that client sent them.
        for (int c = 0; c < CLIENTS; c++) {
            String prefix = "client " + c + " ";
            assertThat(messages)
                    .extracting(m -> m.get("content").asText())
                    .filteredOn(t -> t.startsWith(prefix))
                    .containsExactlyElementsOf(IntStream.range(0, MESSAGES_EACH)
                            .mapToObj(i -> prefix + "message " + i)
                            .toList());
        }
        JsonNode session = api.session(sessionId);
        assertThat(session.get("messageCount").asLong()).isEqualTo(total);
        assertThat(session.get("lastMessageAt"))
                .isEqualTo(messages.get(total - 1).get("createdAt"));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
