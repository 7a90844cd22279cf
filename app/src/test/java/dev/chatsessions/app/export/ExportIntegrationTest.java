package dev.chatsessions.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import dev.chatsessions.app.support.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Downloads of a conversation (Markdown, JSON) and of a whole project (JSON, streamed). */
class ExportIntegrationTest extends HttpIntegrationTest {

    private static final String CODE = "Here:\n\n```java\nclass A {\n    int x = 1; // <b>not html</b>\n}\n```\n";

    private String project;
    private String session;

    @BeforeEach
    void conversation() {
        project = api.createProject("Travel \"plans\"").get("id").asText();
        session = api.createSession(project, "Lisbon/../día \"1\"").get("id").asText();
        api.postMessage(session, "user", "Plan a trip to Lisbon ☀");
        api.postMessage(session, "assistant", CODE);
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    @Test
    void exportsAConversationAsMarkdownWithRolesAsHeadingsCodeVerbatimAndTimes() {
        Response answer = api.get("/api/chat-sessions/" + session + "/export?format=markdown")
                .expect(200);

        List<JsonNode> messages = items(api.messages(session));
        assertThat(answer.contentType()).startsWith("text/markdown");
        assertThat(answer.header("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"Lisbon-dia-1.md\"; filename*=UTF-8''")
                .doesNotContain("/", "\\\"1");
        String markdown = answer.body();
        assertThat(markdown)
                .startsWith("# Lisbon/../día \"1\"\n")
                .contains("\n## User\n\n_" + messages.get(0).get("createdAt").asText() + "_\n\n"
                        + "Plan a trip to Lisbon ☀\n")
                .contains(
                        "\n## Assistant\n\n_" + messages.get(1).get("createdAt").asText() + "_\n\n" + CODE);
        assertThat(markdown.indexOf("## User")).isLessThan(markdown.indexOf("## Assistant"));
        assertThat(api.get("/api/chat-sessions/" + session + "/export").body())
                .as("markdown by default")
                .isEqualTo(markdown);
    }

    @Test
    void exportsAConversationAsJsonAsTheApiShowsIt() {
        Response answer =
                api.get("/api/chat-sessions/" + session + "/export?format=json").expect(200);

        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.header("Content-Disposition").orElseThrow()).contains("filename=\"Lisbon-dia-1.json\"");
        JsonNode export = answer.json();
        assertThat(export.get("session")).isEqualTo(api.session(session));
        assertThat(export.get("messages")).containsExactlyElementsOf(items(api.messages(session)));
    }

    @Test
    void refusesAnUnknownFormatAndUnknownForeignOrDeletedSessions() {
        String path = "/api/chat-sessions/" + session + "/export";
        api.get(path + "?format=xml").expectInvalid(path, "format");
        api.asNewUser().get(path).expectProblem(404, path);
        String unknown = "/api/chat-sessions/" + UUID.randomUUID() + "/export";
        api.get(unknown).expectProblem(404, unknown);
        api.delete("/api/chat-sessions/" + session).expect(204);
        api.get(path + "?format=json").expectProblem(404, path);
    }

    @Test
    void exportsAWholeProjectPageByPage() {
        String longer = api.createSession(project, "Long").get("id").asText();
        int count = 205; // more than a page of messages (200)
        for (int i = 1; i <= count; i++) {
            api.post(
                            "/api/chat-messages",
                            Map.of(
                                    "chatSessionId",
                                    longer,
                                    "role",
                                    i % 2 == 1 ? "user" : "assistant",
                                    "content",
                                    "message " + i))
                    .expect(201);
        }

        Response answer = api.get("/api/projects/" + project + "/export").expect(200);

        assertThat(answer.header("Content-Disposition").orElseThrow()).contains("filename=\"Travel-plans.json\"");
        JsonNode export = answer.json();
        assertThat(export.get("project"))
                .isEqualTo(api.get("/api/projects/" + project).json());
        JsonNode sessions = export.get("sessions");
        assertThat(sessions).hasSize(2);
        assertThat(sessions.at("/0/session")).as("most recently updated first").isEqualTo(api.session(longer));
        assertThat(sessions.at("/0/messages")).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(sessions.at("/0/messages/" + i + "/seq").asLong()).isEqualTo(i + 1);
            assertThat(sessions.at("/0/messages/" + i + "/content").asText()).isEqualTo("message " + (i + 1));
        }
        assertThat(sessions.at("/1/session")).isEqualTo(api.session(session));
        assertThat(sessions.at("/1/messages")).containsExactlyElementsOf(items(api.messages(session)));

        String path = "/api/projects/" + project + "/export";
        api.asNewUser().get(path).expectProblem(404, path);
    }
}
