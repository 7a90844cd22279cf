package dev.chatsessions.app.idempotency;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An id is used once: a new message or resource with an id already in use is 409, never a silent drop or a 500. */
class IdUniquenessIntegrationTest extends HttpIntegrationTest {

    @Test
    void messageWithTheIdOfAMessageInTheSameSessionIsConflict() {
        String sessionId = api.newSession().get("id").asText();
        String taken = api.postMessage(sessionId, "user", "first")
                .get("message")
                .get("id")
                .asText();

        api.post(
                        "/api/chat-messages",
                        Map.of("id", taken, "chatSessionId", sessionId, "role", "user", "content", "second"))
                .expectProblem(409, "/api/chat-messages");

        assertThat(items(api.messages(sessionId)))
                .extracting(m -> m.get("content").asText())
                .containsExactly("first");
        assertThat(api.session(sessionId).get("messageCount").asLong()).isEqualTo(1);
    }

    @Test
    void messageWithTheIdOfAMessageInAnotherSessionIsConflict() {
        String first = api.newSession().get("id").asText();
        String second = api.newSession().get("id").asText();
        String taken = api.postMessage(first, "assistant", "hello")
                .get("message")
                .get("id")
                .asText();

        api.post("/api/chat-messages", Map.of("id", taken, "chatSessionId", second, "role", "user", "content", "mine"))
                .expectProblem(409, "/api/chat-messages");
        api.post("/api/chat-sessions/" + second + "/messages", Map.of("id", taken, "content", "ask"))
                .expectProblem(409, "/api/chat-sessions/" + second + "/messages");

        assertThat(items(api.messages(second))).isEmpty();
        assertThat(api.session(second).get("messageCount").asLong()).isZero();
    }

    @Test
    void sessionWithTheIdOfASessionCreatedWithoutClientIdIsConflict() {
        JsonNode session = api.newSession();
        String projectId = session.get("projectId").asText();
        String path = "/api/projects/" + projectId + "/chat-sessions";

        api.post(path, Map.of("id", session.get("id").asText(), "name", "Again"))
                .expectProblem(409, path);

        assertThat(items(api.get(path).expect(200).json())).containsExactly(session);
    }

    @Test
    void resourceWithTheIdOfAnotherKindOfResourceIsConflict() {
        JsonNode session = api.newSession();
        String projectId = session.get("projectId").asText();

        api.post("/api/projects", Map.of("id", session.get("id").asText(), "name", "Clash"))
                .expectProblem(409, "/api/projects");
        api.post("/api/projects/" + projectId + "/chat-sessions", Map.of("id", projectId))
                .expectProblem(409, "/api/projects/" + projectId + "/chat-sessions");

        assertThat(items(api.get("/api/projects").json())).hasSize(1);
        assertThat(api.session(session.get("id").asText())).isEqualTo(session);
    }
}
