package dev.chatsessions.app.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Api.Event;
import dev.chatsessions.app.support.FakeOpenAi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The assistant's reply end to end: the real Spring AI client streaming from a fake OpenAI endpoint. */
class AssistantReplyIntegrationTest extends AssistantContext {

    @Test
    void streamsUserMessageSessionDeltasAndSavedReplyInOrder() {
        Api api = api();
        UUID session = api.newSessionId();

        List<Event> events = api.askStreaming(session, "Say hello to the world");

        List<String> names = Event.names(events);
        assertThat(names.get(0)).isEqualTo("user-message");
        assertThat(names.get(1)).isEqualTo("session");
        assertThat(names.subList(2, names.size() - 1)).isNotEmpty().containsOnly("delta");
        assertThat(names.get(names.size() - 1)).isEqualTo("assistant-message");
        assertThat(Event.text(events)).isEqualTo("Hello, world!");

        JsonNode question = events.get(0).data();
        assertThat(question.get("role").asText()).isEqualTo("user");
        assertThat(question.get("seq").asLong()).isEqualTo(1);
        assertThat(events.get(1).data().get("name").asText()).isEqualTo("Say hello to the world");
        JsonNode reply = events.get(events.size() - 1).data();
        assertThat(reply.get("role").asText()).isEqualTo("assistant");
        assertThat(reply.get("status").asText()).isEqualTo("complete");
        assertThat(reply.get("content").asText()).isEqualTo("Hello, world!");
        assertThat(reply.get("seq").asLong()).isEqualTo(2);

        List<JsonNode> saved = api.messageList(session);
        assertThat(saved)
                .extracting(m -> m.get("content").asText())
                .containsExactly("Say hello to the world", "Hello, world!");
        assertThat(saved.get(1).get("id").asText()).isEqualTo(reply.get("id").asText());
    }

    /**
     * A piece is passed on as soon as the model sends it, not held back until the next one arrives (Spring AI's chat
     * model did, and dropped the piece it held when the model then fell silent).
     */
    @Test
    void aPieceIsShownAndKeptWhenTheModelThenFallsSilent() {
        Api api = api();
        UUID session = api.newSessionId();

        List<Event> events = api.askStreaming(session, "Start, then go quiet [stall]");

        assertThat(Event.text(events)).isEqualTo("first ");
        JsonNode reply = api.messageList(session).get(1);
        assertThat(reply.get("status").asText()).isEqualTo("failed");
        assertThat(reply.get("content").asText()).isEqualTo("first ");
    }

    @Test
    void recordsModelFinishReasonUsageAndLatencyWithTheReply() {
        Api api = api();
        UUID session = api.newSessionId();
        List<Event> events = api.askStreaming(session, "Details please");
        UUID replyId =
                UUID.fromString(events.get(events.size() - 1).data().get("id").asText());
        UUID questionId = UUID.fromString(events.get(0).data().get("id").asText());

        JsonNode details = storedMessagePosted(replyId).get("reply");
        assertThat(details.get("model").asText()).isEqualTo(FakeOpenAi.MODEL);
        assertThat(details.get("finishReason").asText()).isEqualTo("STOP");
        assertThat(details.get("promptTokens").asInt()).isEqualTo(12);
        assertThat(details.get("completionTokens").asInt()).isEqualTo(4);
        assertThat(details.get("totalTokens").asInt()).isEqualTo(16);
        assertThat(details.get("firstTokenMillis").isNumber()).isTrue();
        assertThat(details.get("totalMillis").asLong())
                .isGreaterThanOrEqualTo(details.get("firstTokenMillis").asLong());
        assertThat(details.get("error").isNull()).isTrue();
        assertThat(storedMessagePosted(questionId).get("reply").isNull()).isTrue();
    }

    @Test
    void answersWholeExchangeWithoutStreaming() {
        Api api = api();
        UUID session = api.newSessionId();

        var response = api.ask(session, "No streaming, please");

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("userMessage").get("content").asText()).isEqualTo("No streaming, please");
        assertThat(body.get("assistantMessage").get("content").asText()).isEqualTo("Hello, world!");
        assertThat(body.get("assistantMessage").get("status").asText()).isEqualTo("complete");
        assertThat(body.get("session").get("messageCount").asLong()).isEqualTo(2);
        assertThat(body.get("session").get("name").asText()).isEqualTo("No streaming, please");
    }

    @Test
    void sendsSystemPromptAndHistoryInOrderTrimmedOldestFirst() {
        Api api = api();
        UUID session = api.newSessionId();
        String m1 = "u1 " + "a".repeat(97);
        String m2 = "a2 " + "b".repeat(97);
        String m3 = "u3 " + "c".repeat(97);
        String m4 = "a4 " + "d".repeat(97);
        for (var message : List.of(
                Map.of("role", "user", "content", m1), Map.of("role", "assistant", "content", m2),
                Map.of("role", "user", "content", m3), Map.of("role", "assistant", "content", m4))) {
            var body = new java.util.HashMap<String, Object>(message);
            body.put("chatSessionId", session.toString());
            assertThat(api.post("/api/chat-messages", body).status()).isEqualTo(201);
        }
        String question = "[history-1] which came first?";

        assertThat(api.ask(session, question).status()).isEqualTo(201);

        // budget 400: system 27 + question 29 + m4 + m3 + m2 (100 each) = 356; m1 would make 456
        JsonNode sent =
                FakeOpenAi.INSTANCE.requestWith("[history-1]").orElseThrow().get("messages");
        assertThat(sent)
                .extracting(m -> m.get("role").asText() + ":" + m.get("content").asText())
                .containsExactly(
                        "system:" + SYSTEM_PROMPT,
                        "assistant:" + m2,
                        "user:" + m3,
                        "assistant:" + m4,
                        "user:" + question);
    }

    @Test
    void aLongSessionSendsItsNewestMessagesThatFitTheBudget() {
        Api api = Api.at(port).as("long-history-tester");
        UUID session = api.newSessionId();
        List<String> messages = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            messages.add("n%03d".formatted(i));
            assertThat(api.post(
                                    "/api/chat-messages",
                                    Map.of(
                                            "chatSessionId",
                                            session.toString(),
                                            "role",
                                            "user",
                                            "content",
                                            messages.get(i)))
                            .status())
                    .isEqualTo(201);
        }
        String question = "[history-3] and?";

        assertThat(api.ask(session, question).status()).isEqualTo(201);

        // budget 400: system 27 + question 16 leave 357, the newest 89 messages of 4 characters; more than the first
        // events read from the end of the session hold
        JsonNode sent =
                FakeOpenAi.INSTANCE.requestWith("[history-3]").orElseThrow().get("messages");
        List<String> expected = new java.util.ArrayList<>();
        expected.add("system:" + SYSTEM_PROMPT);
        messages.subList(11, 100).forEach(message -> expected.add("user:" + message));
        expected.add("user:" + question);
        assertThat(sent)
                .extracting(m -> m.get("role").asText() + ":" + m.get("content").asText())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void alwaysSendsTheNewestUserMessageEvenPastTheBudget() {
        Api api = api();
        UUID session = api.newSessionId();
        assertThat(api.ask(session, "an earlier question").status()).isEqualTo(201);
        String question = "[history-2] " + "x".repeat(CONTEXT_BUDGET);

        assertThat(api.ask(session, question).status()).isEqualTo(201);

        JsonNode sent =
                FakeOpenAi.INSTANCE.requestWith("[history-2]").orElseThrow().get("messages");
        assertThat(sent)
                .extracting(m -> m.get("role").asText() + ":" + m.get("content").asText())
                .containsExactly("system:" + SYSTEM_PROMPT, "user:" + question);
    }

    @Test
    void savesPartialReplyAsFailedWhenTheStreamBreaks() {
        Api api = api();
        UUID session = api.newSessionId();

        List<Event> events = api.askStreaming(session, "[break] tell me a story");

        List<String> names = Event.names(events);
        assertThat(names.get(names.size() - 2)).isEqualTo("assistant-message");
        assertThat(names.get(names.size() - 1)).isEqualTo("error");
        JsonNode reply = events.get(events.size() - 2).data();
        assertThat(reply.get("status").asText()).isEqualTo("failed");
        assertThat(reply.get("content").asText()).isEqualTo(Event.text(events)).startsWith("part1");
        JsonNode problem = events.get(events.size() - 1).data();
        assertThat(problem.get("status").asInt()).isEqualTo(502);
        assertThat(problem.get("detail").asText()).isNotBlank();

        JsonNode saved = api.messageList(session).get(1);
        assertThat(saved.get("status").asText()).isEqualTo("failed");
        assertThat(saved.get("content").asText()).isEqualTo(reply.get("content").asText());
    }

    @Test
    void failsHungModelAfterTheFirstTokenTimeout() {
        Api api = api();
        UUID session = api.newSessionId();
        long start = System.nanoTime();

        List<Event> events = api.askStreaming(session, "[hang] anyone there?");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
        assertThat(Event.names(events)).containsExactly("user-message", "session", "assistant-message", "error");
        assertThat(events.get(2).data().get("status").asText()).isEqualTo("failed");
        assertThat(events.get(3).data().get("status").asInt()).isEqualTo(504);
        // the session takes new messages again
        assertThat(api.ask(session, "and now?").status()).isEqualTo(201);
    }

    @Test
    void refusesSecondQuestionWhileReplyRunsWithoutSavingIt() {
        Api api = api();
        UUID session = api.newSessionId();
        try (var first = api.openAsk(session, "[slow] take your time")) {
            first.readDeltas(1);

            var json = api.ask(session, "me too");
            var streaming = api.post(
                    "/api/chat-sessions/" + session + "/messages",
                    Map.of("content", "me too"),
                    "Accept",
                    "text/event-stream");

            assertThat(json.status()).isEqualTo(409);
            assertThat(json.contentType()).startsWith("application/problem+json");
            assertThat(json.json().get("status").asInt()).isEqualTo(409);
            assertThat(streaming.status()).isEqualTo(409);
            assertThat(streaming.contentType()).startsWith("application/problem+json");
            assertThat(api.messageList(session))
                    .extracting(m -> m.get("content").asText())
                    .containsExactly("[slow] take your time");
            assertThat(api.stop(session).status()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.messageList(session).size() == 2);
    }

    @Test
    void unknownSessionIsNotFound() {
        var response = api().ask(UUID.randomUUID(), "hello?");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}
