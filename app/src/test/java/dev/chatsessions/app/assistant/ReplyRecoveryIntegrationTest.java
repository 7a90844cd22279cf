package dev.chatsessions.app.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.ChatSessionsApplication;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Api.Event;
import dev.chatsessions.app.support.FakeOpenAi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A reply cut off by the process stopping is closed as failed with the text saved so far when the service starts
 * again on the same data, and its session takes messages again.
 */
class ReplyRecoveryIntegrationTest {

    private final Path dataDir = Path.of("target", "assistant-it", "restart-" + UUID.randomUUID());

    private ConfigurableApplicationContext start() {
        // as arguments, which outrank application.yml (builder "properties" are only defaults)
        return new SpringApplicationBuilder(ChatSessionsApplication.class)
                .run(
                        "--server.port=0",
                        "--chat.data-dir=" + dataDir,
                        "--spring.ai.openai.base-url=" + FakeOpenAi.INSTANCE.baseUrl(),
                        "--spring.ai.openai.api-key=test-key",
                        "--spring.ai.openai.chat.options.model=" + FakeOpenAi.MODEL,
                        "--chat.assistant.orphan-after=1s",
                        "--chat.assistant.recovery-interval=500ms");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return Api.at(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
                .as("restarter");
    }

    @Test
    void closesInterruptedReplyAsFailedOnTheNextStart() {
        UUID session;
        List<Event> seenBeforeStop;
        try (var first = start()) {
            Api api = api(first);
            session = api.newSessionId();
            var jdbc = first.getBean(JdbcClient.class);
            try (var stream = api.openAsk(session, "[slow] a long story")) {
                stream.readDeltas(3);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> jdbc.sql("select count(*) from reply_chunk")
                                        .query(Integer.class)
                                        .single()
                                > 0);
                first.close();
                seenBeforeStop = stream.readAll();
            }
        }
        Event last = seenBeforeStop.get(seenBeforeStop.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().get("status").asInt()).isEqualTo(503);

        try (var second = start()) {
            Api api = api(second);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.messageList(session).size() == 2);
            JsonNode reply = api.messageList(session).get(1);
            assertThat(reply.get("role").asText()).isEqualTo("assistant");
            assertThat(reply.get("status").asText()).isEqualTo("failed");
            assertThat(reply.get("content").asText()).startsWith("w0 w1 ").isEqualTo(Event.text(seenBeforeStop));

            var next = api.ask(session, "Are you back?");
            assertThat(next.status()).isEqualTo(201);
            assertThat(next.json().get("assistantMessage").get("status").asText())
                    .isEqualTo("complete");
        }
    }
}
