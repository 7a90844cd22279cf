package dev.chatsessions.app.message;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Any Unicode text but U+0000, which PostgreSQL cannot store: a NUL anywhere in a request is refused at the door
 * naming where it was, so it never reaches an event that the projections could not fold.
 */
class TextRulesIntegrationTest extends HttpIntegrationTest {

    private static final String NUL = "a\u0000b";

    @Test
    void nulInMessageContentIsBadRequestNamingTheField() {
        String sessionId = api.newSession().get("id").asText();

        api.post("/api/chat-messages", Map.of("chatSessionId", sessionId, "role", "user", "content", NUL))
                .expectInvalid("/api/chat-messages", "content");
        api.post("/api/chat-sessions/" + sessionId + "/messages", Map.of("content", NUL))
                .expectInvalid("/api/chat-sessions/" + sessionId + "/messages", "content");

        assertThat(items(api.messages(sessionId))).isEmpty();
        assertThat(api.session(sessionId).get("messageCount").asLong()).isZero();
    }

    @Test
    void nulInNamesIsBadRequestNamingTheField() {
        JsonNode session = api.newSession();
        String sessionPath = "/api/chat-sessions/" + session.get("id").asText();
        String sessionsPath = "/api/projects/" + session.get("projectId").asText() + "/chat-sessions";

        api.post("/api/projects", Map.of("name", NUL)).expectInvalid("/api/projects", "name");
        api.post("/api/projects", Map.of("name", "ok", "description", NUL))
                .expectInvalid("/api/projects", "description");
        api.post(sessionsPath, Map.of("name", NUL)).expectInvalid(sessionsPath, "name");
        api.patch(sessionPath, Map.of("name", NUL)).expectInvalid(sessionPath, "name");

        assertThat(api.get("/api/projects").json().get("items")).hasSize(1);
        assertThat(items(api.get(sessionsPath).expect(200).json())).hasSize(1);
        assertThat(api.session(session.get("id").asText()).get("name").asText()).isEqualTo("New Chat");
    }

    @Test
    void nulInAQueryParameterIsBadRequestNamingTheParameter() {
        String sessionId = api.newSession().get("id").asText();
        String messagesPath = "/api/chat-sessions/" + sessionId + "/messages";

        api.get(messagesPath + "?cursor=a%00b").expectInvalid(messagesPath, "cursor");
        api.get("/api/projects?cursor=%00").expectInvalid("/api/projects", "cursor");
    }

    @Test
    void aRefusedNulLeavesEveryoneElsesReadsAsTheyWere() {
        String poisoned = api.newSession().get("id").asText();
        api.post("/api/chat-messages", Map.of("chatSessionId", poisoned, "role", "user", "content", NUL))
                .expect(400);

        var other = api.asNewUser();
        String sessionId = other.newSession().get("id").asText();
        other.postMessage(sessionId, "user", "still here");

        assertThat(items(other.messages(sessionId)))
                .extracting(m -> m.get("content").asText())
                .containsExactly("still here");
        assertThat(api.get("/actuator/health").expect(200).json().get("status").asText())
                .isEqualTo("UP");
    }
}
