package dev.chatsessions.app.session;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Node;
import dev.chatsessions.app.support.Response;
import dev.chatsessions.app.support.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database take posts to one session at once: an append that loses the race for the session's next
 * sequence number to the other node is recognised as a conflict and retried, never answered 500.
 */
class TwoNodesIntegrationTest {

    private static final int CLIENTS = 8;
    private static final int MESSAGES_EACH = 25;

    @Test
    void postsToOneSessionSplitOverTwoNodesAreAllStoredInOneOrder() throws Exception {
        String database = TestDatabases.fresh();
        try (var first = Node.start(database, "first");
                var second = Node.start(database, "second")) {
            List<Api> nodes = List.of(first.client("owner"), second.client("owner"));
            String projectId = nodes.get(0).createProject("Shared").get("id").asText();
            String sessionId = nodes.get(0).createSession(projectId).get("id").asText();

            var threads = Executors.newFixedThreadPool(CLIENTS);
            List<CompletableFuture<List<Response>>> clients = IntStream.range(0, CLIENTS)
                    .mapToObj(c -> {
                        Api client = nodes.get(c % 2).secondClient();
                        return CompletableFuture.supplyAsync(
                                () -> IntStream.range(0, MESSAGES_EACH)
                                        .mapToObj(i -> client.post(
                                                "/api/chat-messages",
                                                Map.of(
                                                        "chatSessionId",
                                                        sessionId,
                                                        "role",
                                                        "user",
                                                        "content",
                                                        "client " + c + " message " + i)))
                                        .toList(),
                                threads);
                    })
                    .toList();
            List<Response> answers = new ArrayList<>();
            try {
                for (var client : clients) {
                    answers.addAll(client.get(2, TimeUnit.MINUTES));
                }
            } finally {
                threads.shutdownNow();
            }

            int total = CLIENTS * MESSAGES_EACH;
            assertThat(answers).extracting(Response::status).containsOnly(201);
            for (Api node : nodes) {
                List<JsonNode> messages = new ArrayList<>(items(node.messages(sessionId)));
                assertThat(messages)
                        .extracting(m -> m.get("seq").asLong())
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, total).boxed().toList());
                assertThat(node.session(sessionId).get("messageCount").asLong()).isEqualTo(total);
            }
        }
    }
}
