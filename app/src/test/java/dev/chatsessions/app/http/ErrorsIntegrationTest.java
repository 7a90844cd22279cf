package dev.chatsessions.app.http;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The error answers of the contract: problem JSON with the right status, for every kind of bad request. */
class ErrorsIntegrationTest extends HttpIntegrationTest {

    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void malformedJsonIsBadRequest() {
        JsonNode session = api.newSession();
        String sessionPath = "/api/chat-sessions/" + session.get("id").asText();
        String sessionsPath = "/api/projects/" + session.get("projectId").asText() + "/chat-sessions";

        for (String malformed : List.of("{", "{\"name\": }", "not json", "{\"name\": \"x\",}", "[1, 2")) {
            api.post("/api/projects", malformed).expectProblem(400, "/api/projects");
            api.post(sessionsPath, malformed).expectProblem(400, sessionsPath);
            api.patch(sessionPath, malformed).expectProblem(400, sessionPath);
            api.post("/api/chat-messages", malformed).expectProblem(400, "/api/chat-messages");
        }
        assertThat(api.get("/api/projects").json().get("items")).hasSize(1);
        assertThat(api.session(session.get("id").asText()).get("name").asText()).isEqualTo("New Chat");
    }

    @Test
    void wrongTypesAreBadRequest() {
        String sessionId = api.newSession().get("id").asText();
        String sessionPath = "/api/chat-sessions/" + sessionId;

        api.post("/api/projects", "{\"name\": {\"first\": \"x\"}}").expectProblem(400, "/api/projects");
        api.post("/api/projects", "{\"name\": [\"x\"]}").expectProblem(400, "/api/projects");
        api.post("/api/projects", "{\"id\": \"not-a-uuid\", \"name\": \"x\"}").expectProblem(400, "/api/projects");
        api.post("/api/projects", "{\"id\": 42, \"name\": \"x\"}").expectProblem(400, "/api/projects");
        api.post("/api/projects", "[\"x\"]").expectProblem(400, "/api/projects");
        api.patch(sessionPath, "{\"name\": {\"x\": 1}}").expectProblem(400, sessionPath);
        api.post("/api/chat-messages", "{\"chatSessionId\": 42, \"role\": \"user\", \"content\": \"hi\"}")
                .expectProblem(400, "/api/chat-messages");
        api.post(
                        "/api/chat-messages",
                        "{\"chatSessionId\": \"%s\", \"role\": \"user\", \"content\": [\"hi\"]}".formatted(sessionId))
                .expectProblem(400, "/api/chat-messages");
        api.post(
                        "/api/chat-messages",
                        "{\"chatSessionId\": \"%s\", \"role\": [\"user\"], \"content\": \"hi\"}".formatted(sessionId))
                .expectProblem(400, "/api/chat-messages");
        for (String notText : List.of("123", "1.5", "true")) {
            api.post("/api/projects", "{\"name\": %s}".formatted(notText)).expectProblem(400, "/api/projects");
            api.patch(sessionPath, "{\"name\": %s}".formatted(notText)).expectProblem(400, sessionPath);
            api.post(
                            "/api/chat-messages",
                            "{\"chatSessionId\": \"%s\", \"role\": \"user\", \"content\": %s}"
                                    .formatted(sessionId, notText))
                    .expectProblem(400, "/api/chat-messages");
        }
        api.get("/api/projects?limit=ten").expectProblem(400, "/api/projects");
        api.get(sessionPath + "/messages?limit=1.5").expectProblem(400, sessionPath + "/messages");

        assertThat(api.get("/api/projects").json().get("items")).hasSize(1);
        assertThat(items(api.messages(sessionId))).isEmpty();
    }

    @Test
    void unknownRoleIsBadRequest() {
        String sessionId = api.newSession().get("id").asText();

        for (String role : List.of("\"robot\"", "\"USER \"", "\"\"", "7", "0", "1")) {
            api.post(
                            "/api/chat-messages",
                            "{\"chatSessionId\": \"%s\", \"role\": %s, \"content\": \"hi\"}".formatted(sessionId, role))
                    .expectProblem(400, "/api/chat-messages");
        }
        assertThat(items(api.messages(sessionId))).isEmpty();
    }

    @Test
    void invalidUuidInPathIsBadRequest() {
        for (String bad : List.of("not-a-uuid", "123", "9b2f0c1e-zzzz-4d6a-9c1e-1234567890ab")) {
            String session = "/api/chat-sessions/" + bad;
            String project = "/api/projects/" + bad;
            api.get(project).expectProblem(400, project);
            api.get(project + "/chat-sessions").expectProblem(400, project + "/chat-sessions");
            api.postWithoutBody(project + "/chat-sessions").expectProblem(400, project + "/chat-sessions");
            api.get(session).expectProblem(400, session);
            api.patch(session, Map.of("name", "x")).expectProblem(400, session);
            api.delete(session).expectProblem(400, session);
            api.get(session + "/messages").expectProblem(400, session + "/messages");
        }
    }

    @Test
    void nonJsonBodyIsUnsupportedMediaType() {
        String sessionId = api.newSession().get("id").asText();
        byte[] text = "name=x".getBytes(StandardCharsets.UTF_8);

        api.send("POST", "/api/projects", "text/plain", text, false).expectProblem(415, "/api/projects");
        api.send("POST", "/api/projects", "application/x-www-form-urlencoded", text, false)
                .expectProblem(415, "/api/projects");
        api.send("POST", "/api/chat-messages", "text/plain", text, false).expectProblem(415, "/api/chat-messages");
        api.send("PATCH", "/api/chat-sessions/" + sessionId, "application/xml", "<name>x</name>".getBytes(), false)
                .expectProblem(415, "/api/chat-sessions/" + sessionId);

        assertThat(api.get("/api/projects").json().get("items")).hasSize(1);
    }

    @Test
    void bodyOverOneMebibyteIsTooLarge() {
        String sessionId = api.newSession().get("id").asText();

        for (boolean chunked : List.of(false, true)) {
            // The content itself is short: only the body's size is over the limit.
            byte[] tooLarge = messageWithPadding(sessionId, ONE_MIB + 100_000);
            api.send("POST", "/api/chat-messages", "application/json", tooLarge, chunked)
                    .expectProblem(413, "/api/chat-messages");
            api.send("POST", "/api/projects", "application/json", projectWithPadding(ONE_MIB + 1), chunked)
                    .expectProblem(413, "/api/projects");
        }
        assertThat(items(api.messages(sessionId))).isEmpty();

        // Just under the limit passes, with and without a declared length.
        for (boolean chunked : List.of(false, true)) {
            api.send("POST", "/api/chat-messages", "application/json", messageWithPadding(sessionId, ONE_MIB), chunked)
                    .expect(201);
        }
        assertThat(items(api.messages(sessionId))).hasSize(2);
    }

    @Test
    void contentOverTheLimitIsTooLarge() {
        String sessionId = api.newSession().get("id").asText();

        api.post(
                        "/api/chat-messages",
                        Map.of("chatSessionId", sessionId, "role", "assistant", "content", "x".repeat(100_001)))
                .expectProblem(413, "/api/chat-messages");

        assertThat(items(api.messages(sessionId))).isEmpty();
    }

    @Test
    void unknownPathAnswersProblemJsonToo() {
        api.get("/api/nothing-here").expectProblem(404, "/api/nothing-here");
    }

    /** A message body of exactly {@code size} bytes, padded with a field the service ignores. */
    private static byte[] messageWithPadding(String sessionId, int size) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chatSessionId", sessionId);
        body.put("role", "user");
        body.put("content", "hello");
        return padded(body, size);
    }

    private static byte[] projectWithPadding(int size) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "big");
        return padded(body, size);
    }

    private static byte[] padded(Map<String, Object> body, int size) {
        body.put("padding", "");
        int base = dev.chatsessions.app.support.Api.JSON
                .valueToTree(body)
                .toString()
                .length();
        body.put("padding", "p".repeat(size - base));
        byte[] bytes = dev.chatsessions.app.support.Api.JSON
                .valueToTree(body)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(size);
        return bytes;
    }
}
