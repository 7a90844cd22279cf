package dev.chatsessions.app.storage;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.ChatSessionsApplication;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import dev.chatsessions.app.support.TestTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The production way: an external PostgreSQL given by {@code spring.datasource.url}; then nothing embedded
 * starts. Runs when {@code CHAT_TEST_EXTERNAL_DB_URL} names a database (user {@code CHAT_TEST_EXTERNAL_DB_USER},
 * default postgres; password {@code CHAT_TEST_EXTERNAL_DB_PASSWORD}, default none).
 */
@EnabledIfEnvironmentVariable(named = "CHAT_TEST_EXTERNAL_DB_URL", matches = ".+")
class ExternalPostgresIntegrationTest {

    /** An external database is reachable by others, so local mode refuses it: tokens are signed with a secret. */
    private static final String SECRET = "external-postgres-test-secret-of-at-least-32-bytes";

    @Test
    void runsOnTheGivenDatabaseWithNothingEmbedded() throws Exception {
        String url = System.getenv("CHAT_TEST_EXTERNAL_DB_URL");
        String user = Objects.requireNonNullElse(System.getenv("CHAT_TEST_EXTERNAL_DB_USER"), "postgres");
        String password = Objects.requireNonNullElse(System.getenv("CHAT_TEST_EXTERNAL_DB_PASSWORD"), "");
        Path dataDir = DataDirs.fresh("external");

        try (var app = new SpringApplicationBuilder(ChatSessionsApplication.class)
                .run(
                        "--server.port=0",
                        "--chat.data-dir=" + dataDir,
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + user,
                        "--spring.datasource.password=" + password,
                        "--chat.security.jwt.hmac-secret=" + SECRET)) {
            assertThat(app.getBeansOfType(EmbeddedPostgres.class)).isEmpty();
            assertThat(dataDir.resolve("postgres"))
                    .as("no embedded database in the data directory")
                    .doesNotExist();
            try (var connection = app.getBean(DataSource.class).getConnection()) {
                assertThat(connection.getMetaData().getURL()).isEqualTo(url);
            }

            Api api = Api.at(
                            Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port")),
                            userId -> TestTokens.hs256(SECRET, userId, Duration.ofHours(1), null))
                    .asNewUser();
            JsonNode project = api.post("/api/projects", Map.of("name", "External"))
                    .expect(201)
                    .json();
            String projectId = project.get("id").asText();
            assertThat(api.get("/api/projects/" + projectId).expect(200).json()).isEqualTo(project);
            assertThat(items(api.get("/api/projects").json())).containsExactly(project);

            JsonNode session = api.createSession(projectId);
            String sessionId = session.get("id").asText();
            JsonNode posted = api.postMessage(sessionId, "user", "Hello from outside");
            assertThat(posted.get("session").get("name").asText()).isEqualTo("Hello from outside");
            assertThat(items(api.messages(sessionId))).containsExactly(posted.get("message"));
            JsonNode renamed = api.patch("/api/chat-sessions/" + sessionId, Map.of("name", "Renamed"))
                    .expect(200)
                    .json();
            assertThat(items(api.get("/api/projects/" + projectId + "/chat-sessions")
                            .json()))
                    .containsExactly(renamed);
            api.delete("/api/chat-sessions/" + sessionId).expect(204);
            api.get("/api/chat-sessions/" + sessionId).expectProblem(404, "/api/chat-sessions/" + sessionId);
            api.post("/api/projects", "{").expectProblem(400, "/api/projects");
        }
    }
}
