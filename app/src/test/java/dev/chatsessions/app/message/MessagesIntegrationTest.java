package dev.chatsessions.app.message;

import static dev.chatsessions.app.support.Json.fieldNames;
import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessagesIntegrationTest extends HttpIntegrationTest {

    @Test
    void pagesNewestFirstOnRequestForViewsThatOpenAtTheEnd() {
        String session = api.newSession().get("id").asText();
        for (int i = 1; i <= 5; i++) {
            api.postMessage(session, "user", "message " + i);
        }

        JsonNode newest = api.get("/api/chat-sessions/" + session + "/messages?order=newest&limit=2")
                .expect(200)
                .json();
        JsonNode older = api.get("/api/chat-sessions/" + session + "/messages?order=newest&limit=2&cursor="
                        + newest.get("nextCursor").asText())
                .expect(200)
                .json();
        JsonNode oldest = api.get("/api/chat-sessions/" + session + "/messages?order=newest&limit=2&cursor="
                        + older.get("nextCursor").asText())
                .expect(200)
                .json();

        assertThat(items(newest).stream().map(m -> m.get("seq").asLong()).toList())
                .containsExactly(5L, 4L);
        assertThat(items(older).stream().map(m -> m.get("seq").asLong()).toList())
                .containsExactly(3L, 2L);
        assertThat(items(oldest).stream().map(m -> m.get("seq").asLong()).toList())
                .containsExactly(1L);
        assertThat(oldest.get("nextCursor").isNull()).isTrue();
        api.get("/api/chat-sessions/" + session + "/messages?order=sideways")
                .expectInvalid("/api/chat-sessions/" + session + "/messages", "order");
    }

    @Test
    void postsMessageAndAnswersItWithTheSession() {
        String sessionId = api.newSession().get("id").asText();

        var response = api.post(
                        "/api/chat-messages",
                        Map.of("chatSessionId", sessionId, "role", "user", "content", "Build me a todo app"))
                .expect(201);

        JsonNode answer = response.json();
        assertThat(fieldNames(answer)).containsExactlyInAnyOrder("message", "session");
        JsonNode message = answer.get("message");
        assertThat(fieldNames(message))
                .containsExactlyInAnyOrder(
                        "id",
                        "chatSessionId",
                        "seq",
                        "role",
                        "content",
                        "status",
                        "createdAt",
                        "originalCreatedAt",
                        "feedback");
        assertThat(message.get("originalCreatedAt").isNull()).as("not imported").isTrue();
        assertThat(UUID.fromString(message.get("id").asText())).isNotNull();
        assertThat(message.get("chatSessionId").asText()).isEqualTo(sessionId);
        assertThat(message.get("seq").asLong()).isEqualTo(1);
        assertThat(message.get("role").asText()).isEqualTo("user");
        assertThat(message.get("content").asText()).isEqualTo("Build me a todo app");
        assertThat(message.get("status").asText()).isEqualTo("complete");
        JsonNode session = answer.get("session");
        assertThat(session.get("messageCount").asLong()).isEqualTo(1);
        assertThat(session.get("lastMessageAt")).isEqualTo(message.get("createdAt"));
        assertThat(session.get("name").asText()).isEqualTo("Build me a todo app");

        assertThat(api.session(sessionId)).isEqualTo(session);
        assertThat(items(api.messages(sessionId))).containsExactly(message);
    }

    @Test
    void listsMessagesOldestFirstWithSeqWithoutGaps() {
        String sessionId = api.newSession().get("id").asText();
        List<String> contents = List.of("first", "second", "third", "fourth");
        for (int i = 0; i < contents.size(); i++) {
            api.postMessage(sessionId, i % 2 == 0 ? "user" : "assistant", contents.get(i));
        }

        JsonNode page = api.get("/api/chat-sessions/" + sessionId + "/messages")
                .expect(200)
                .json();

        assertThat(fieldNames(page)).containsExactlyInAnyOrder("items", "nextCursor");
        assertThat(page.get("nextCursor").isNull()).isTrue();
        assertThat(page.get("items").findValuesAsText("content")).containsExactlyElementsOf(contents);
        assertThat(page.get("items").findValues("seq"))
                .extracting(JsonNode::asLong)
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(page.get("items").findValuesAsText("role"))
                .containsExactly("user", "assistant", "user", "assistant");
        assertThat(api.session(sessionId).get("messageCount").asLong()).isEqualTo(4);
    }

    @Test
    void emptySessionHasNoMessages() {
        JsonNode page = api.get(
                        "/api/chat-sessions/" + api.newSession().get("id").asText() + "/messages")
                .expect(200)
                .json();

        assertThat(page.get("items")).isEmpty();
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void firstUserMessageNamesTheSession() {
        String sessionId = api.newSession().get("id").asText();
        api.postMessage(sessionId, "assistant", "How can I help?");
        assertThat(api.session(sessionId).get("name").asText()).isEqualTo("New Chat");

        JsonNode answer = api.postMessage(
                sessionId,
                "user",
                "\n   \n  Please   build a landing page for my bakery with a contact form and a map\nthanks");

        assertThat(answer.get("session").get("name").asText())
                .isEqualTo("Please build a landing page for my bakery with a...");
        assertThat(api.session(sessionId).get("name").asText())
                .isEqualTo("Please build a landing page for my bakery with a...");

        api.postMessage(sessionId, "user", "Something else");
        assertThat(api.session(sessionId).get("name").asText())
                .isEqualTo("Please build a landing page for my bakery with a...");
    }

    @Test
    void sessionRenamedByHandKeepsItsName() {
        String sessionId = api.newSession().get("id").asText();
        api.patch("/api/chat-sessions/" + sessionId, Map.of("name", "Mine")).expect(200);

        JsonNode answer = api.postMessage(sessionId, "user", "Hello there");

        assertThat(answer.get("session").get("name").asText()).isEqualTo("Mine");
    }

    @Test
    void rejectsMissingOrBlankFields() {
        String sessionId = api.newSession().get("id").asText();
        String path = "/api/chat-messages";

        api.post(path, Map.of("chatSessionId", sessionId, "role", "user", "content", " \n\t "))
                .expectInvalid(path, "content");
        api.post(path, Map.of("chatSessionId", sessionId, "role", "user", "content", ""))
                .expectInvalid(path, "content");
        api.post(path, Map.of("chatSessionId", sessionId, "role", "user")).expectInvalid(path, "content");
        api.post(path, Map.of("chatSessionId", sessionId, "content", "hi")).expectInvalid(path, "role");
        api.post(path, Map.of("role", "user", "content", "hi")).expectInvalid(path, "chatSessionId");

        assertThat(items(api.messages(sessionId))).isEmpty();
        assertThat(api.session(sessionId).get("messageCount").asLong()).isZero();
    }

    @Test
    void rejectsUnknownRole() {
        String sessionId = api.newSession().get("id").asText();

        api.post("/api/chat-messages", Map.of("chatSessionId", sessionId, "role", "robot", "content", "beep"))
                .expectProblem(400, "/api/chat-messages");

        assertThat(items(api.messages(sessionId))).isEmpty();
    }

    @Test
    void acceptsContentUpToTheLimitAndRefusesLonger() {
        String sessionId = api.newSession().get("id").asText();
        String longest = "word ".repeat(20_000);

        JsonNode saved = api.postMessage(sessionId, "user", longest).get("message");
        assertThat(saved.get("content").asText()).isEqualTo(longest);

        api.post("/api/chat-messages", Map.of("chatSessionId", sessionId, "role", "user", "content", longest + "x"))
                .expectProblem(413, "/api/chat-messages");
        // Characters, not bytes or UTF-16 units: 100,000 emoji are accepted.
        String emoji = "\uD83D\uDE00".repeat(100_000);
        api.postMessage(sessionId, "assistant", emoji);

        assertThat(items(api.messages(sessionId)))
                .extracting(m -> m.get("content").asText())
                .containsExactly(longest, emoji);
        assertThat(api.session(sessionId).get("messageCount").asLong()).isEqualTo(2);
    }
}
