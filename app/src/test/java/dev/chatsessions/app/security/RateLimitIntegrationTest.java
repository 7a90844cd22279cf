package dev.chatsessions.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.Response;
import dev.chatsessions.app.support.TestDatabases;
import dev.chatsessions.app.support.TestTokens;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each user's writes and replies are rate limited apart: 429 problem JSON with Retry-After, reads never. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chat.security.jwt.hmac-secret=" + RateLimitIntegrationTest.SECRET,
            "chat.rate-limit.writes-per-minute=3",
            "chat.rate-limit.replies-per-minute=2"
        })
class RateLimitIntegrationTest {

    static final String SECRET = "rate-limit-integration-test-secret-of-32-bytes";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::fresh);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @LocalServerPort
    int port;

    private Api as(String user) {
        return Api.at(port, u -> TestTokens.hs256(SECRET, u, Duration.ofHours(1), null))
                .as(user);
    }

    @Test
    void limitsEachUsersWritesWith429AndRetryAfterButNeverReads() {
        Api alice = as("writer-alice");
        for (int i = 0; i < 3; i++) {
            alice.post("/api/projects", Map.of("name", "P" + i)).expect(201);
        }

        Response refused = alice.post("/api/projects", Map.of("name", "One too many"));

        JsonNode problem = refused.expectProblem(429, "/api/projects");
        assertThat(problem.get("detail").asText()).contains("Too many changes");
        assertThat(refused.header("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        alice.get("/api/projects").expect(200);
        as("writer-bob").post("/api/projects", Map.of("name", "Mine")).expect(201);
    }

    @Test
    void limitsEachUsersRepliesApartFromTheirWrites() {
        Api carol = as("asker-carol");
        String project = carol.createProject("Chat").get("id").asText();
        String session = carol.createSession(project).get("id").asText();
        String ask = "/api/chat-sessions/" + session + "/messages";

        carol.post(ask, Map.of("content", "One")).expect(201);
        carol.post(ask, Map.of("content", "Two")).expect(201);
        Response refused = carol.post(ask, Map.of("content", "Three"));

        assertThat(refused.expectProblem(429, ask).get("detail").asText()).contains("Too many replies");
        assertThat(refused.header("Retry-After")).isPresent();
        carol.post("/api/projects", Map.of("name", "Still writing")).expect(201);
    }
}
