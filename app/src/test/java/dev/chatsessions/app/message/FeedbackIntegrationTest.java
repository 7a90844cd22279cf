package dev.chatsessions.app.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.HttpIntegrationTest;
import dev.chatsessions.app.support.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Feedback on assistant messages over HTTP: give, change, remove, the message view, analytics and the errors. */
class FeedbackIntegrationTest extends HttpIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private static Response put(Api client, String path, String body) {
        return client.send("PUT", path, "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private static String feedbackPath(String session, String message) {
        return "/api/chat-sessions/" + session + "/messages/" + message + "/feedback";
    }

    @Test
    void givesChangesAndRemovesFeedbackOnAnAssistantMessage() {
        JsonNode session = api.newSession();
        String sessionId = session.get("id").asText();
        api.postMessage(sessionId, "user", "What is CQRS?");
        JsonNode reply = api.postMessage(sessionId, "assistant", "Separate writes from reads.")
                .get("message");
        String path = feedbackPath(sessionId, reply.get("id").asText());

        JsonNode rated = put(api, path, "{\"rating\":\"up\",\"comment\":\"Clear\"}")
                .expect(200)
                .json();
        assertThat(rated.get("id")).isEqualTo(reply.get("id"));
        assertThat(rated.get("content").asText()).isEqualTo("Separate writes from reads.");
        assertThat(rated.get("seq").asLong()).isEqualTo(2);
        assertThat(rated.get("createdAt")).isEqualTo(reply.get("createdAt"));
        assertThat(rated.at("/feedback/rating").asText()).isEqualTo("up");
        assertThat(rated.at("/feedback/comment").asText()).isEqualTo("Clear");
        JsonNode messages = api.messages(sessionId).get("items");
        assertThat(messages.get(0).get("feedback").isNull()).isTrue();
        assertThat(messages.get(1)).isEqualTo(rated);

        JsonNode changed = put(api, path, "{\"rating\":\"down\"}").expect(200).json();
        assertThat(changed.at("/feedback/rating").asText()).isEqualTo("down");
        assertThat(changed.at("/feedback/comment").isNull()).isTrue();
        assertThat(api.messages(sessionId).get("items").get(1)).isEqualTo(changed);

        api.delete(path).expect(204);
        api.delete(path).expect(204);
        assertThat(api.messages(sessionId).get("items").get(1).get("feedback").isNull())
                .isTrue();

        JsonNode totals = api.get("/api/projects/" + session.get("projectId").asText() + "/analytics")
                .expect(200)
                .json()
                .get("totals");
        assertThat(totals.get("feedbackUp").asLong()).isEqualTo(1);
        assertThat(totals.get("feedbackDown").asLong()).isEqualTo(1);
        assertThat(totals.get("feedbackCleared").asLong()).isEqualTo(2);
    }

    @Test
    void refusesUserMessagesAndBadValues() {
        String sessionId = api.newSession().get("id").asText();
        String question =
                api.postMessage(sessionId, "user", "Hello?").at("/message/id").asText();
        String reply =
                api.postMessage(sessionId, "assistant", "Hi.").at("/message/id").asText();
        String onQuestion = feedbackPath(sessionId, question);
        String onReply = feedbackPath(sessionId, reply);

        put(api, onQuestion, "{\"rating\":\"up\"}").expectInvalid(onQuestion, "messageId");
        api.delete(onQuestion).expectInvalid(onQuestion, "messageId");
        put(api, onReply, "{\"rating\":\"meh\"}").expectInvalid(onReply, "rating");
        put(api, onReply, "{\"rating\":1}").expectInvalid(onReply, "rating");
        put(api, onReply, "{}").expectInvalid(onReply, "rating");
        put(api, onReply, "{\"rating\":\"up\",\"comment\":\"" + "x".repeat(1001) + "\"}")
                .expectInvalid(onReply, "comment");
        put(api, onReply, "{\"rating\":\"up\",\"comment\":true}").expectInvalid(onReply, "comment");
        put(api, onReply, "{\"rating\":\"up\",\"comment\":\"a\\u0000b\"}").expectInvalid(onReply, "comment");
        assertThat(api.messages(sessionId).get("items").get(1).get("feedback").isNull())
                .isTrue();

        JsonNode longest = put(api, onReply, "{\"rating\":\"up\",\"comment\":\"" + "x".repeat(1000) + "\"}")
                .expect(200)
                .json();
        assertThat(longest.at("/feedback/comment").asText()).hasSize(1000);
    }

    @Test
    void answersForeignAndUnknownIdsAsNotFound() {
        String sessionId = api.newSession().get("id").asText();
        String reply = api.postMessage(sessionId, "assistant", "Mine.")
                .at("/message/id")
                .asText();
        String otherSession = api.newSession().get("id").asText();
        String path = feedbackPath(sessionId, reply);

        Api mallory = api.asNewUser();
        put(mallory, path, "{\"rating\":\"up\"}").expectProblem(404, path);
        mallory.delete(path).expectProblem(404, path);
        String unknownMessage = feedbackPath(sessionId, UUID.randomUUID().toString());
        put(api, unknownMessage, "{\"rating\":\"up\"}").expectProblem(404, unknownMessage);
        String wrongSession = feedbackPath(otherSession, reply);
        put(api, wrongSession, "{\"rating\":\"up\"}").expectProblem(404, wrongSession);
        String unknownSession = feedbackPath(UUID.randomUUID().toString(), reply);
        put(api, unknownSession, "{\"rating\":\"up\"}").expectProblem(404, unknownSession);

        api.delete("/api/chat-sessions/" + sessionId).expect(204);
        put(api, path, "{\"rating\":\"up\"}").expectProblem(404, path);
    }

    @Test
    void asOfShowsTheFeedbackAsItStood() {
        String sessionId = api.newSession().get("id").asText();
        String reply = api.postMessage(sessionId, "assistant", "Answer.")
                .at("/message/id")
                .asText();
        put(api, feedbackPath(sessionId, reply), "{\"rating\":\"up\",\"comment\":\"good\"}")
                .expect(200);
        JsonNode events = api.get("/api/chat-sessions/" + sessionId + "/events")
                .expect(200)
                .json()
                .get("items");
        String afterRating = events.get(events.size() - 1).get("timestamp").asText();
        api.delete(feedbackPath(sessionId, reply)).expect(204);

        JsonNode then = api.get("/api/chat-sessions/" + sessionId + "/messages?asOf=" + afterRating)
                .expect(200)
                .json()
                .get("items");
        assertThat(then.get(0).at("/feedback/rating").asText()).isEqualTo("up");
        assertThat(then.get(0).at("/feedback/comment").asText()).isEqualTo("good");
        assertThat(api.messages(sessionId).get("items").get(0).get("feedback").isNull())
                .isTrue();
    }

    /** The feedback handlers take the message lookup as a resource: snapshots (every 50 events) are still taken. */
    @Test
    void aSessionWithFeedbackIsSnapshottedAndAnswersFromItsSnapshot() {
        String sessionId = api.newSession().get("id").asText();
        String reply = null;
        for (int i = 0; i < 56; i++) {
            reply = api.postMessage(sessionId, i % 2 == 0 ? "user" : "assistant", "message " + i)
                    .at("/message/id")
                    .asText();
        }
        await().atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                jdbc.sql("select count(*) from snapshot_event_entry where aggregate_identifier = ?")
                                        .param(sessionId)
                                        .query(Long.class)
                                        .single())
                        .isPositive());

        JsonNode rated = put(api, feedbackPath(sessionId, reply), "{\"rating\":\"down\"}")
                .expect(200)
                .json();

        assertThat(rated.get("seq").asLong()).isEqualTo(56);
        assertThat(rated.get("content").asText()).isEqualTo("message 55");
        assertThat(rated.at("/feedback/rating").asText()).isEqualTo("down");
    }
}
