package dev.chatsessions.app.idempotency;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.HttpIntegrationTest;
import dev.chatsessions.app.support.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Repeating a create (same client id, or same Idempotency-Key) answers the first result and changes nothing. */
class IdempotencyIntegrationTest extends HttpIntegrationTest {

    @Test
    void repeatedProjectWithClientIdAnswersTheSameProject() {
        Map<String, Object> request = Map.of("id", UUID.randomUUID().toString(), "name", "Once", "description", "d");

        Response first = api.post("/api/projects", request).expect(201);
        Response again = api.post("/api/projects", request).expect(200);

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(items(api.get("/api/projects").json())).containsExactly(first.json());
    }

    @Test
    void sameProjectIdWithOtherContentIsConflict() {
        String id = UUID.randomUUID().toString();
        JsonNode project = api.post("/api/projects", Map.of("id", id, "name", "Original"))
                .expect(201)
                .json();

        api.post("/api/projects", Map.of("id", id, "name", "Other")).expectProblem(409, "/api/projects");
        api.post("/api/projects", Map.of("id", id, "name", "Original", "description", "more"))
                .expectProblem(409, "/api/projects");
        api.asNewUser()
                .post("/api/projects", Map.of("id", id, "name", "Original"))
                .expectProblem(409, "/api/projects");

        assertThat(items(api.get("/api/projects").json())).containsExactly(project);
    }

    @Test
    void idempotencyKeyMakesProjectCreationRepeatable() {
        String key = UUID.randomUUID().toString();

        Response first = api.post("/api/projects", Map.of("name", "Keyed"), "Idempotency-Key", key)
                .expect(201);
        Response again = api.post("/api/projects", Map.of("name", "Keyed"), "Idempotency-Key", key)
                .expect(200);
        api.post("/api/projects", Map.of("name", "Other"), "Idempotency-Key", key)
                .expectProblem(409, "/api/projects");

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(items(api.get("/api/projects").json())).containsExactly(first.json());
        // A key belongs to its user: another user's identical key is another request.
        api.asNewUser()
                .post("/api/projects", Map.of("name", "Keyed"), "Idempotency-Key", key)
                .expect(201);
    }

    @Test
    void idempotencyKeysAreScopedPerUserEvenWhenUserIdsContainTheDelimiter() {
        Api plain = api.as("scope-" + UUID.randomUUID());
        Api withColon = api.as(plain.userId() + ":k");

        JsonNode first = withColon
                .post("/api/projects", Map.of("name", "Mine"), "Idempotency-Key", "shared")
                .expect(201)
                .json();
        JsonNode second = plain.post("/api/projects", Map.of("name", "Mine"), "Idempotency-Key", "k:shared")
                .expect(201)
                .json();

        assertThat(second.get("id")).isNotEqualTo(first.get("id"));
    }

    @Test
    void anIdAnotherUserTookIsRefusedExactlyLikeOnesOwnIdReusedForOtherContent() {
        String id = UUID.randomUUID().toString();
        api.post("/api/projects", Map.of("id", id, "name", "Original")).expect(201);

        JsonNode ownReuse =
                api.post("/api/projects", Map.of("id", id, "name", "Other")).expectProblem(409, "/api/projects");
        Api stranger = api.asNewUser();
        JsonNode strangersTry = stranger.post("/api/projects", Map.of("id", id, "name", "Original"))
                .expectProblem(409, "/api/projects");

        assertThat(strangersTry).isEqualTo(ownReuse);
        assertThat(items(stranger.get("/api/projects").json())).isEmpty();
    }

    @Test
    void repeatedSessionCreationAnswersTheSameSession() {
        String projectId = api.createProject("P").get("id").asText();
        String path = "/api/projects/" + projectId + "/chat-sessions";
        String id = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();

        Response byId = api.post(path, Map.of("id", id, "name", "By id")).expect(201);
        assertThat(api.post(path, Map.of("id", id, "name", "By id")).expect(200).json())
                .isEqualTo(byId.json());
        api.post(path, Map.of("id", id, "name", "Other")).expectProblem(409, path);

        Response byKey = api.post(path, "{}", "Idempotency-Key", key).expect(201);
        Response byKeyAgain = api.post(path, "{}", "Idempotency-Key", key).expect(200);
        assertThat(byKeyAgain.json()).isEqualTo(byKey.json());
        assertThat(byKeyAgain.header("Location")).isEqualTo(byKey.header("Location"));
        api.post(path, Map.of("name", "Named"), "Idempotency-Key", key).expectProblem(409, path);

        assertThat(items(api.get(path).json()))
                .extracting(s -> s.get("id").asText())
                .containsExactlyInAnyOrder(id, byKey.json().get("id").asText());
    }

    @Test
    void clientIdOfAnotherResourceIsConflict() {
        String projectId = api.createProject("P").get("id").asText();
        String path = "/api/projects/" + projectId + "/chat-sessions";
        String id = UUID.randomUUID().toString();
        api.post("/api/projects", Map.of("id", id, "name", "Taken")).expect(201);

        api.post(path, Map.of("id", id)).expectProblem(409, path);

        assertThat(items(api.get(path).json())).isEmpty();
    }

    @Test
    void repeatedMessageIsSavedOnce() {
        String sessionId = api.newSession().get("id").asText();
        Map<String, Object> request = Map.of(
                "id", UUID.randomUUID().toString(), "chatSessionId", sessionId, "role", "user", "content", "Only once");

        Response first = api.post("/api/chat-messages", request).expect(201);
        Response again = api.post("/api/chat-messages", request).expect(200);
        api.post(
                        "/api/chat-messages",
                        Map.of(
                                "id",
                                request.get("id"),
                                "chatSessionId",
                                sessionId,
                                "role",
                                "user",
                                "content",
                                "Something else"))
                .expectProblem(409, "/api/chat-messages");

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(first.json().get("message").get("id").asText()).isEqualTo(request.get("id"));
        assertThat(items(api.messages(sessionId))).containsExactly(first.json().get("message"));
        assertThat(api.session(sessionId).get("messageCount").asLong()).isEqualTo(1);
    }

    @Test
    void idempotencyKeyMakesMessagePostingRepeatable() {
        String sessionId = api.newSession().get("id").asText();
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("chatSessionId", sessionId, "role", "assistant", "content", "Hi!");

        Response first =
                api.post("/api/chat-messages", request, "Idempotency-Key", key).expect(201);
        Response again =
                api.post("/api/chat-messages", request, "Idempotency-Key", key).expect(200);
        api.post(
                        "/api/chat-messages",
                        Map.of("chatSessionId", sessionId, "role", "assistant", "content", "Bye"),
                        "Idempotency-Key",
                        key)
                .expectProblem(409, "/api/chat-messages");

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(items(api.messages(sessionId))).containsExactly(first.json().get("message"));
    }

    @Test
    void concurrentRepeatsCreateOneMessage() {
        String sessionId = api.newSession().get("id").asText();
        Map<String, Object> request = Map.of(
                "id",
                UUID.randomUUID().toString(),
                "chatSessionId",
                sessionId,
                "role",
                "user",
                "content",
                "Sent by an impatient client");

        List<Response> answers = IntStream.range(0, 8)
                .mapToObj(i ->
                        CompletableFuture.supplyAsync(() -> api.secondClient().post("/api/chat-messages", request)))
                .toList()
                .stream()
                .map(CompletableFuture::join)
                .toList();

        assertThat(answers).extracting(Response::status).containsOnly(201, 200).containsOnlyOnce(201);
        assertThat(answers)
                .extracting(Response::json)
                .containsOnly(answers.get(0).json());
        assertThat(items(api.messages(sessionId))).hasSize(1);
        assertThat(api.session(sessionId).get("messageCount").asLong()).isEqualTo(1);
    }
}
