package dev.chatsessions.app.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.FakeOpenAi;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one application context the assistant's integration tests share: the real server on a random port, the
 * embedded PostgreSQL in a data directory of its own, and Spring AI's OpenAI client pointed at {@link FakeOpenAi}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AssistantContext {

    static final String SYSTEM_PROMPT = "You are the test assistant.";
    static final int CONTEXT_BUDGET = 400;
    /** Above every reply of {@link FakeOpenAi} but {@code [huge]}'s and {@code [forever]}'s. */
    static final int MAX_REPLY_LENGTH = 5000;

    private static final Path DATA_DIR =
            Path.of("target", "assistant-it", UUID.randomUUID().toString());

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void assistant(DynamicPropertyRegistry registry) {
        registry.add("chat.data-dir", DATA_DIR::toString);
        registry.add("spring.ai.openai.base-url", FakeOpenAi.INSTANCE::baseUrl);
        registry.add("spring.ai.openai.api-key", () -> "test-key");
        registry.add("spring.ai.openai.chat.options.model", () -> FakeOpenAi.MODEL);
        registry.add("chat.assistant.system-prompt", () -> SYSTEM_PROMPT);
        registry.add("chat.assistant.context-budget", () -> CONTEXT_BUDGET);
        registry.add("chat.assistant.first-token-timeout", () -> "2s");
        registry.add("chat.assistant.idle-timeout", () -> "2s");
        registry.add("chat.assistant.max-reply-length", () -> MAX_REPLY_LENGTH);
        registry.add("chat.assistant.max-reply-duration", () -> "6s");
        registry.add("chat.assistant.answer-timeout", () -> "3s");
    }

    Api api() {
        return Api.at(port).as("assistant-tester");
    }

    /** The stored payload of the event that saved message {@code messageId}, and its revision. */
    JsonNode storedMessagePosted(UUID messageId) {
        return jdbc.sql("""
                            select convert_from(payload, 'UTF8') from domain_event_entry
                            where payload_type = 'dev.chatsessions.api.MessagePosted'
                              and convert_from(payload, 'UTF8')::jsonb ->> 'messageId' = ?""")
                .param(messageId.toString())
                .query(String.class)
                .optional()
                .map(Api::parse)
                .orElseThrow(() -> new AssertionError("no MessagePosted for " + messageId));
    }
}
