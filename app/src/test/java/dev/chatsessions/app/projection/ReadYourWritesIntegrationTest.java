package dev.chatsessions.app.projection;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Once a command has answered 2xx, every query, from this client or another, already shows its effect. */
class ReadYourWritesIntegrationTest extends HttpIntegrationTest {

    private static final int ROUNDS = 30;

    @Test
    void queriesRightAfterCommandsShowTheirEffect() {
        Api other = api.secondClient();
        for (int round = 0; round < ROUNDS; round++) {
            Api reader = round % 2 == 0 ? api : other;

            String projectId = api.createProject("Round " + round).get("id").asText();
            reader.get("/api/projects/" + projectId).expect(200);
            assertThat(reader.get("/api/projects?limit=1")
                            .json()
                            .get("items")
                            .get(0)
                            .get("id")
                            .asText())
                    .isEqualTo(projectId);

            JsonNode session = api.createSession(projectId);
            String sessionId = session.get("id").asText();
            assertThat(reader.session(sessionId)).isEqualTo(session);
            assertThat(items(reader.get("/api/projects/" + projectId + "/chat-sessions")
                            .json()))
                    .containsExactly(session);

            JsonNode posted = api.postMessage(sessionId, "user", "Question " + round);
            assertThat(items(reader.messages(sessionId))).containsExactly(posted.get("message"));
            assertThat(reader.session(sessionId)).isEqualTo(posted.get("session"));

            JsonNode renamed = api.patch("/api/chat-sessions/" + sessionId, Map.of("name", "Renamed " + round))
                    .expect(200)
                    .json();
            assertThat(reader.session(sessionId)).isEqualTo(renamed);

            api.delete("/api/chat-sessions/" + sessionId).expect(204);
            reader.get("/api/chat-sessions/" + sessionId).expect(404);
            reader.get("/api/chat-sessions/" + sessionId + "/messages").expect(404);
            assertThat(items(reader.get("/api/projects/" + projectId + "/chat-sessions")
                            .json()))
                    .isEmpty();
        }
    }
}
