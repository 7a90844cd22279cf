package dev.chatsessions.app.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Api.Event;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A reply lives apart from the request that asked for it: stopped, walked away from, watched from elsewhere. */
class ReplyControlIntegrationTest extends AssistantContext {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aStreamedQuestionRepeatedAfterItsReplyEndedStreamsTheSavedQuestionAgain() {
        Api api = api();
        UUID session = api.newSessionId();
        var question = java.util.Map.of("id", UUID.randomUUID().toString(), "content", "once, then again");
        assertThat(api.post("/api/chat-sessions/" + session + "/messages", question, "Accept", "text/event-stream")
                        .body())
                .contains("event:assistant-message");

        var repeat = api.post("/api/chat-sessions/" + session + "/messages", question, "Accept", "text/event-stream");

        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body()).contains("event:user-message", "once, then again");
    }

    @Test
    void stopSavesTheTextSoFarAsStopped() {
        Api api = api();
        UUID session = api.newSessionId();
        try (var stream = api.openAsk(session, "[slow] count for me")) {
            stream.readDeltas(2);

            assertThat(api.stop(session).status()).isEqualTo(202);

            List<Event> events = stream.readAll();
            Event last = events.get(events.size() - 1);
            assertThat(last.name()).isEqualTo("assistant-message");
            assertThat(last.data().get("status").asText()).isEqualTo("stopped");
            assertThat(last.data().get("content").asText())
                    .isEqualTo(Event.text(events))
                    .startsWith("w0 w1 ");
        }
        JsonNode saved = api.messageList(session).get(1);
        assertThat(saved.get("status").asText()).isEqualTo("stopped");
        var again = api.stop(session);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void replyIsSavedCompleteAfterTheClientDisconnects() {
        Api api = api();
        UUID session = api.newSessionId();
        try (var stream = api.openAsk(session, "[steady] keep going")) {
            stream.readDeltas(1);
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<JsonNode> messages = api.messageList(session);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).get("status").asText()).isEqualTo("complete");
            assertThat(messages.get(1).get("content").asText()).isEqualTo("s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 ");
        });
    }

    @Test
    void secondClientAttachesWithTextSoFarThenTheRest() {
        Api api = api();
        UUID session = api.newSessionId();
        try (var first = api.openAsk(session, "[steady] for two tabs")) {
            first.readDeltas(2);

            List<Event> attached;
            try (var second = api.openAttach(session)) {
                attached = second.readAll();
            }
            List<Event> original = first.readAll();

            assertThat(attached.get(0).name()).isEqualTo("delta");
            assertThat(attached.get(0).data().get("text").asText()).startsWith("s0 s1 ");
            Event last = attached.get(attached.size() - 1);
            assertThat(last.name()).isEqualTo("assistant-message");
            assertThat(Event.text(attached))
                    .isEqualTo(last.data().get("content").asText())
                    .isEqualTo(Event.text(original))
                    .isEqualTo("s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 ");
        }
    }

    @Test
    void attachingWithoutRunningReplyIsNotFound() {
        Api api = api();
        UUID session = api.newSessionId();
        var response = api.attach(session);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void otherUsersCannotStopOrWatchAReply() {
        Api api = api();
        Api stranger = Api.at(port).as("stranger");
        UUID session = api.newSessionId();
        try (var stream = api.openAsk(session, "[slow] private thoughts")) {
            stream.readDeltas(1);
            assertThat(stranger.stop(session).status()).isEqualTo(404);
            assertThat(stranger.attach(session).status()).isEqualTo(404);
            assertThat(api.stop(session).status()).isEqualTo(202);
            stream.readAll();
        }
    }

    @Test
    void replyProgressIsWrittenInTheCommandsTransaction() {
        assertThat(processing.eventProcessor("reply-progress", SubscribingEventProcessor.class))
                .isPresent();
    }

    @Test
    void openApiDocumentsAttaching() {
        JsonNode paths = api().get("/v3/api-docs").json().get("paths");
        assertThat(paths.has("/api/chat-sessions/{sessionId}/reply/stream")).isTrue();
        assertThat(paths.has("/api/chat-sessions/{sessionId}/reply/stop")).isTrue();
    }
}
