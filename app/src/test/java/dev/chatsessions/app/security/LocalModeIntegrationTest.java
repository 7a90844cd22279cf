package dev.chatsessions.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.app.ChatSessionsApplication;
import dev.chatsessions.app.support.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Local mode, where tokens come from /api/dev/tokens. Here on an external database, which only the development
 * opt-in allows; without it the service refuses to start. (The default run, embedded and on loopback, is what
 * every {@code HttpIntegrationTest} runs.)
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chat.security.dev-only-insecure-local-mode=true")
class LocalModeIntegrationTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::fresh);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("chat.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void handsOutTokensThatTheApiAccepts() throws Exception {
        var issued = http.send(
                HttpRequest.newBuilder(uri("/api/dev/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"alice\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).isEqualTo(200);
        String token = new ObjectMapper().readTree(issued.body()).get("token").asText();

        var projects = http.send(
                HttpRequest.newBuilder(uri("/api/projects"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(projects.statusCode()).isEqualTo(200);
    }

    @Test
    void keepsItsSecretOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("local-token-secret"))))
                .isEqualTo("rw-------");
    }

    @Test
    void refusesATokenRequestWithoutAUsableUser() throws Exception {
        for (String body : new String[] {"{\"userId\":\" \"}", "{\"userId\":\"a\\u0000b\"}"}) {
            var refused = http.send(
                    HttpRequest.newBuilder(uri("/api/dev/tokens"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    void refusesToStartOnAnExternalDatabaseWithoutTokenSettings() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ChatSessionsApplication.class)
                        .run(
                                "--server.port=0",
                                "--chat.data-dir=" + dataDir.resolve("refused"),
                                "--spring.datasource.url=" + TestDatabases.fresh(),
                                "--spring.datasource.username=postgres")
                        .close())
                .rootCause()
                .hasMessageContaining("external database")
                .hasMessageContaining("chat.security.jwt.hmac-secret")
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri")
                .hasMessageContaining("chat.security.dev-only-insecure-local-mode");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
