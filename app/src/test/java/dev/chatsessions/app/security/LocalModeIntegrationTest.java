package dev.chatsessions.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.app.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The default run: no identity provider, no secret; tokens come from /api/dev/tokens. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
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
        var issued = http.send(HttpRequest.newBuilder(uri("/api/dev/tokens"))
                                          .header("Content-Type", "application/json")
                                          .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"alice\"}"))
                                          .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).isEqualTo(200);
        String token = new ObjectMapper().readTree(issued.body()).get("token").asText();

        var projects = http.send(HttpRequest.newBuilder(uri("/api/projects"))
                                            .header("Authorization", "Bearer " + token).build(),
                                 HttpResponse.BodyHandlers.ofString());
        assertThat(projects.statusCode()).isEqualTo(200);
        assertThat(Files.exists(dataDir.resolve(LocalTokens.SECRET_FILE))).isTrue();
    }

    @Test
    void refusesATokenRequestWithoutUser() throws Exception {
        var refused = http.send(HttpRequest.newBuilder(uri("/api/dev/tokens"))
                                           .header("Content-Type", "application/json")
                                           .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\" \"}"))
                                           .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
