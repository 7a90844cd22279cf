package dev.chatsessions.app.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Api.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With no model configured the service still starts, keeps the user's message and says how to configure one. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.ai.openai.base-url=", "spring.ai.openai.api-key=",
            "spring.ai.openai.chat.base-url=", "spring.ai.openai.chat.api-key="
        })
class NoModelIntegrationTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add(
                "chat.data-dir",
                () -> Path.of("target", "assistant-it", "no-model-" + UUID.randomUUID())
                        .toString());
    }

    @Test
    void savesQuestionAndAFailedReplyThatSaysHowToConfigureAModel() {
        Api api = Api.at(port).as("no-model-user");
        UUID session = api.newSessionId();

        List<Event> events = api.askStreaming(session, "Is anybody there?");

        assertThat(Event.names(events)).containsExactly("user-message", "session", "assistant-message", "error");
        assertThat(events.get(2).data().get("status").asText()).isEqualTo("failed");
        JsonNode problem = events.get(3).data();
        assertThat(problem.get("title").asText()).isEqualTo("No model configured");
        assertThat(problem.get("detail").asText())
                .contains("No model is configured")
                .contains("SPRING_AI_OPENAI_BASEURL", "SPRING_AI_OPENAI_APIKEY", "SPRING_AI_OPENAI_CHAT_OPTIONS_MODEL");
        assertThat(api.messageList(session))
                .extracting(m -> m.get("role").asText() + ":" + m.get("status").asText())
                .containsExactly("user:complete", "assistant:failed");

        var again = api.ask(session, "Still nobody?");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("assistantMessage").get("status").asText()).isEqualTo("failed");
        assertThat(again.json().get("error").get("detail").asText()).contains("SPRING_AI_OPENAI_BASEURL");
    }
}
