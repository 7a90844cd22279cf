package dev.chatsessions.app.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Api.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The bounds on a reply: its length, its duration, how many run at once, how long a post without streaming waits
 * for it, and what the model may put in it. The test context sets the length to {@value #MAX_REPLY_LENGTH}
 * characters, the duration to 6 s and the wait to 3 s.
 */
class ReplyLimitsIntegrationTest extends AssistantContext {

    @Test
    void replyLongerThanItsLimitIsCutThereAndSavedAsFailedWithItsText() {
        Api api = api();
        UUID session = api.newSessionId();

        List<Event> events = api.askStreaming(session, "[huge] tell me everything");

        assertThat(Event.names(events).subList(events.size() - 2, events.size()))
                .containsExactly("assistant-message", "error");
        JsonNode reply = events.get(events.size() - 2).data();
        assertThat(reply.get("status").asText()).isEqualTo("failed");
        assertThat(reply.get("content").asText())
                .hasSize(MAX_REPLY_LENGTH)
                .startsWith("L0000")
                .isEqualTo(Event.text(events));
        JsonNode problem = events.get(events.size() - 1).data();
        assertThat(problem.get("detail").asText()).contains(MAX_REPLY_LENGTH + " characters");
        JsonNode saved = api.messageList(session).get(1);
        assertThat(saved.get("status").asText()).isEqualTo("failed");
        assertThat(saved.get("content").asText()).isEqualTo(reply.get("content").asText());
    }

    @Test
    void replyStreamingPastItsMaximumDurationIsCutAndSavedAsFailedWithItsText() {
        Api api = api();
        UUID session = api.newSessionId();

        List<Event> events = api.askStreaming(session, "[forever] never stop");

        assertThat(Event.names(events).subList(events.size() - 2, events.size()))
                .containsExactly("assistant-message", "error");
        JsonNode reply = events.get(events.size() - 2).data();
        assertThat(reply.get("status").asText()).isEqualTo("failed");
        assertThat(reply.get("content").asText()).startsWith("f0 f1 ").isEqualTo(Event.text(events));
        JsonNode problem = events.get(events.size() - 1).data();
        assertThat(problem.get("status").asInt()).isEqualTo(504);
        assertThat(problem.get("detail").asText()).contains("PT6S");
        assertThat(api.messageList(session).get(1).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void modelOutputIsStreamedAndStoredWithoutNul() {
        Api api = api();
        UUID session = api.newSessionId();

        List<Event> events = api.askStreaming(session, "[nul] spell it");

        assertThat(Event.text(events)).isEqualTo("abc");
        JsonNode reply = events.get(events.size() - 1).data();
        assertThat(reply.get("status").asText()).isEqualTo("complete");
        assertThat(reply.get("content").asText()).isEqualTo("abc");
        assertThat(api.messageList(session).get(1).get("content").asText()).isEqualTo("abc");
    }

    @Test
    void questionBeyondTheRepliesAUserMayRunAtOnceIsRefusedWith429AndNotSaved() {
        Api busy = Api.at(port).as("busy-user");
        List<Api.Stream> running = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                var stream = busy.openAsk(busy.newSessionId(), "[slow] reply " + i);
                stream.readDeltas(1);
                running.add(stream);
            }
            UUID fourth = busy.newSessionId();

            var refused = busy.ask(fourth, "one more");

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.header("Retry-After").orElse(null)).isNotBlank();
            assertThat(refused.json().get("detail").asText()).contains("3 replies");
            var refusedStream = busy.post(
                    "/api/chat-sessions/" + fourth + "/messages",
                    Map.of("content", "one more, streamed"),
                    "Accept",
                    "text/event-stream");
            assertThat(refusedStream.status()).isEqualTo(429);
            assertThat(refusedStream.contentType()).startsWith("application/problem+json");
            assertThat(busy.messageList(fourth)).isEmpty();
            // another user is not held up by this one's replies
            Api other = Api.at(port).as("calm-user");
            assertThat(other.ask(other.newSessionId(), "my turn").status()).isEqualTo(201);
        } finally {
            running.forEach(Api.Stream::close);
        }
    }

    @Test
    void replyEndingFreesItsPlaceForTheUsersNextQuestion() {
        Api busy = Api.at(port).as("freed-user");
        List<UUID> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID session = busy.newSessionId();
            try (var stream = busy.openAsk(session, "[slow] reply " + i)) {
                stream.readDeltas(1);
            }
            sessions.add(session);
        }
        UUID next = busy.newSessionId();
        assertThat(busy.ask(next, "a fourth").status()).isEqualTo(429);

        assertThat(busy.stop(sessions.get(0)).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> busy.ask(next, "a fourth").status() == 201);
        sessions.forEach(busy::stop);
    }

    @Test
    void postWithoutStreamingAnswers202WithTheQuestionWhenTheReplyOutlastsItsWait() {
        Api api = api();
        UUID session = api.newSessionId();

        var response = api.ask(session, "[slow] a long answer please");

        assertThat(response.status()).isEqualTo(202);
        JsonNode body = response.json();
        assertThat(body.get("userMessage").get("content").asText()).isEqualTo("[slow] a long answer please");
        assertThat(body.get("assistantMessage").isNull()).isTrue();
        assertThat(body.get("error").isNull()).isTrue();
        // the reply went on: it is running, and is saved when it ends
        try (var attached = api.openAttach(session)) {
            attached.readDeltas(1);
        }
        assertThat(api.stop(session).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> messages = api.messageList(session);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).get("status").asText()).isEqualTo("stopped");
        });
    }
}
