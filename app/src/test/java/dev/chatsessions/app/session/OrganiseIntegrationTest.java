package dev.chatsessions.app.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pinning and archiving sessions over HTTP: the PATCH, the dropdown, the audit stream and asOf. */
class OrganiseIntegrationTest extends HttpIntegrationTest {

    private List<String> ids(String path) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get(path + (path.contains("?") ? "&" : "?") + "limit=2"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200)
                    .json();
            page.get("items").forEach(s -> ids.add(s.get("id").asText()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }

    @Test
    void pinsAndArchivesAndListsPinnedFirstArchivedApart() {
        String project = api.createProject("Organised").get("id").asText();
        List<String> s = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            s.add(api.createSession(project, "Chat " + i).get("id").asText());
        }
        JsonNode pinned = api.patch("/api/chat-sessions/" + s.get(0), Map.of("pinned", true))
                .expect(200)
                .json();
        assertThat(pinned.get("pinned").asBoolean()).isTrue();
        assertThat(pinned.get("archived").asBoolean()).isFalse();
        assertThat(pinned.get("name").asText()).isEqualTo("Chat 0");
        JsonNode archived = api.patch("/api/chat-sessions/" + s.get(3), Map.of("archived", true))
                .expect(200)
                .json();
        assertThat(archived.get("archived").asBoolean()).isTrue();
        JsonNode both = api.patch(
                        "/api/chat-sessions/" + s.get(4), Map.of("name", "Done", "pinned", true, "archived", true))
                .expect(200)
                .json();
        assertThat(both.get("name").asText()).isEqualTo("Done");
        assertThat(both.get("pinned").asBoolean()).isTrue();
        assertThat(both.get("archived").asBoolean()).isTrue();

        String list = "/api/projects/" + project + "/chat-sessions";
        assertThat(ids(list)).containsExactly(s.get(0), s.get(2), s.get(1));
        assertThat(ids(list + "?archived=false")).containsExactly(s.get(0), s.get(2), s.get(1));
        assertThat(ids(list + "?archived=true")).containsExactly(s.get(4), s.get(3));
        assertThat(api.session(s.get(0)).get("pinned").asBoolean()).isTrue();

        api.patch("/api/chat-sessions/" + s.get(0), Map.of("pinned", false)).expect(200);
        api.patch("/api/chat-sessions/" + s.get(3), Map.of("archived", false)).expect(200);
        assertThat(ids(list)).containsExactly(s.get(3), s.get(2), s.get(1), s.get(0));
        assertThat(ids(list + "?archived=true")).containsExactly(s.get(4));
    }

    @Test
    void refusesBadValuesAndOtherUsersSessions() {
        String session = api.newSession().get("id").asText();
        String path = "/api/chat-sessions/" + session;

        api.patch(path, "{\"pinned\": \"yes\"}").expectInvalid(path, "pinned");
        api.patch(path, "{\"pinned\": \"true\"}").expectInvalid(path, "pinned");
        api.patch(path, "{\"archived\": 1}").expectInvalid(path, "archived");
        api.patch(path, "{\"archived\": null}").expectInvalid(path, "name");
        api.patch(path, "{\"pinned\": true, \"name\": \" \"}").expectInvalid(path, "name");
        assertThat(api.session(session).get("pinned").asBoolean())
                .as("nothing applied")
                .isFalse();

        var mallory = api.asNewUser();
        mallory.patch(path, Map.of("pinned", true)).expectProblem(404, path);
        String unknown = "/api/chat-sessions/" + UUID.randomUUID();
        api.patch(unknown, Map.of("archived", true)).expectProblem(404, unknown);
        String project = api.session(session).get("projectId").asText();
        String list = "/api/projects/" + project + "/chat-sessions?archived=maybe";
        api.get(list).expectProblem(400, "/api/projects/" + project + "/chat-sessions");
        String foreignList = "/api/projects/" + project + "/chat-sessions";
        mallory.get(foreignList + "?archived=true").expectProblem(404, foreignList);
    }

    @Test
    void theAuditStreamAndAsOfShowTheFlags() {
        String session = api.newSession().get("id").asText();
        String path = "/api/chat-sessions/" + session;
        api.patch(path, Map.of("pinned", true, "archived", true)).expect(200);
        JsonNode events = api.get(path + "/events").expect(200).json().get("items");
        Instant afterPin =
                Instant.parse(events.get(events.size() - 1).get("timestamp").asText());
        api.patch(path, Map.of("pinned", false)).expect(200);

        events = api.get(path + "/events").expect(200).json().get("items");
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("SessionCreated", "SessionPinned", "SessionArchived", "SessionUnpinned");
        assertThat(events.get(1).at("/payload/sessionId").asText()).isEqualTo(session);

        JsonNode then = api.get(path + "?asOf=" + afterPin).expect(200).json();
        assertThat(then.get("pinned").asBoolean()).isTrue();
        assertThat(then.get("archived").asBoolean()).isTrue();
        JsonNode now = api.session(session);
        assertThat(now.get("pinned").asBoolean()).isFalse();
        assertThat(now.get("archived").asBoolean()).isTrue();
    }

    @Test
    void theOpenApiDocumentDescribesTheNewCalls() {
        JsonNode paths = api.get("/v3/api-docs").expect(200).json().get("paths");

        assertThat(paths.at("/~1api~1chat-sessions~1{sessionId}/patch").isMissingNode())
                .isFalse();
        assertThat(paths.at("/~1api~1projects~1{projectId}~1chat-sessions/get/parameters")
                        .toString())
                .contains("\"archived\"");
        assertThat(paths.at("/~1api~1projects~1{projectId}~1search/get").isMissingNode())
                .isFalse();
        assertThat(paths.at("/~1api~1projects~1{projectId}~1live/get").isMissingNode())
                .isFalse();
        String feedback = "/~1api~1chat-sessions~1{sessionId}~1messages~1{messageId}~1feedback";
        assertThat(paths.at(feedback + "/put").isMissingNode()).isFalse();
        assertThat(paths.at(feedback + "/delete").isMissingNode()).isFalse();
    }
}
