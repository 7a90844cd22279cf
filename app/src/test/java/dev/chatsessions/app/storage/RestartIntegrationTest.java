package dev.chatsessions.app.storage;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.ChatSessionsApplication;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Everything written survives a clean stop and start of the server on the same data directory. */
class RestartIntegrationTest {

    @Test
    void restartOnTheSameDataDirectoryKeepsEverything() {
        Path dataDir = DataDirs.fresh("restart");
        JsonNode project;
        JsonNode session;
        JsonNode messages;
        JsonNode deleted;
        String userId;
        try (var app = start(dataDir)) {
            Api api = Api.at(port(app)).asNewUser();
            userId = api.userId();
            project = api.createProject("Survivor");
            String projectId = project.get("id").asText();
            session = api.createSession(projectId);
            String sessionId = session.get("id").asText();
            api.postMessage(sessionId, "user", "Remember me");
            api.postMessage(sessionId, "assistant", "I will");
            session = api.patch("/api/chat-sessions/" + sessionId, Map.of("name", "Kept"))
                    .expect(200)
                    .json();
            messages = api.messages(sessionId);
            deleted = api.createSession(projectId);
            api.delete("/api/chat-sessions/" + deleted.get("id").asText()).expect(204);
        }

        try (var app = start(dataDir)) {
            Api api = Api.at(port(app)).as(userId);
            String projectId = project.get("id").asText();
            String sessionId = session.get("id").asText();
            assertThat(api.get("/api/projects/" + projectId).expect(200).json()).isEqualTo(project);
            assertThat(items(api.get("/api/projects").json())).containsExactly(project);
            assertThat(api.session(sessionId)).isEqualTo(session);
            assertThat(items(api.get("/api/projects/" + projectId + "/chat-sessions")
                            .json()))
                    .containsExactly(session);
            assertThat(api.messages(sessionId)).isEqualTo(messages);
            api.get("/api/chat-sessions/" + deleted.get("id").asText()).expect(404);

            // and the write side carries on where it stopped
            JsonNode next = api.postMessage(sessionId, "user", "Still there?");
            assertThat(next.get("message").get("seq").asLong()).isEqualTo(3);
            assertThat(next.get("session").get("name").asText()).isEqualTo("Kept");
        }
    }

    static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(ChatSessionsApplication.class)
                .run("--server.port=0", "--chat.data-dir=" + dataDir);
    }

    static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
    }
}
