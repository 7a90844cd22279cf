package dev.chatsessions.app.session;

import static dev.chatsessions.app.support.Json.DROPDOWN_ORDER;
import static dev.chatsessions.app.support.Json.fieldNames;
import static dev.chatsessions.app.support.Json.items;
import static dev.chatsessions.app.support.Json.withoutInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChatSessionsIntegrationTest extends HttpIntegrationTest {

    /** The dropdown's order: most recently updated first, ties by id (PostgreSQL compares uuids as their text). */
    @Test
    void createsSessionWithDefaultNameWhenBodyIsAbsentOrEmpty() {
        String projectId = api.createProject("P").get("id").asText();
        String path = "/api/projects/" + projectId + "/chat-sessions";

        for (var response :
                List.of(api.postWithoutBody(path), api.post(path, "{}"), api.post(path, Map.of("name", "   ")))) {
            JsonNode session = response.expect(201).json();
            String id = session.get("id").asText();
            assertThat(fieldNames(session))
                    .containsExactlyInAnyOrder(
                            "id",
                            "projectId",
                            "name",
                            "createdAt",
                            "updatedAt",
                            "messageCount",
                            "lastMessageAt",
                            "originalCreatedAt",
                            "pinned",
                            "archived");
            assertThat(session.get("originalCreatedAt").isNull())
                    .as("not imported")
                    .isTrue();
            assertThat(session.get("projectId").asText()).isEqualTo(projectId);
            assertThat(session.get("name").asText()).isEqualTo("New Chat");
            assertThat(session.get("messageCount").asLong()).isZero();
            assertThat(session.get("lastMessageAt").isNull()).isTrue();
            assertThat(session.get("pinned").asBoolean(true)).isFalse();
            assertThat(session.get("archived").asBoolean(true)).isFalse();
            assertThat(session.get("updatedAt")).isEqualTo(session.get("createdAt"));
            assertThat(response.header("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/api/chat-sessions/" + id));
            assertThat(api.session(id)).isEqualTo(session);
        }
    }

    @Test
    void createsSessionWithGivenNameAndId() {
        String projectId = api.createProject("P").get("id").asText();
        String id = UUID.randomUUID().toString();

        JsonNode session = api.post(
                        "/api/projects/" + projectId + "/chat-sessions", Map.of("id", id, "name", "  Login page "))
                .expect(201)
                .json();

        assertThat(session.get("id").asText()).isEqualTo(id);
        assertThat(session.get("name").asText()).isEqualTo("Login page");
        assertThat(api.session(id)).isEqualTo(session);
    }

    @Test
    void listsSessionsMostRecentlyUpdatedFirst() {
        String projectId = api.createProject("P").get("id").asText();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.createSession(projectId).get("id").asText());
        }
        String listPath = "/api/projects/" + projectId + "/chat-sessions";
        List<JsonNode> before = items(api.get(listPath).expect(200).json());
        assertThat(before).isSortedAccordingTo(DROPDOWN_ORDER);
        assertThat(before).extracting(s -> s.get("id").asText()).containsExactlyInAnyOrderElementsOf(ids);

        afterTheClockPasses(before.get(0).get("updatedAt").asText());
        api.patch("/api/chat-sessions/" + ids.get(0), Map.of("name", "Renamed")).expect(200);
        List<JsonNode> afterRename = items(api.get(listPath).json());
        assertThat(afterRename.get(0).get("id").asText()).isEqualTo(ids.get(0));

        afterTheClockPasses(afterRename.get(0).get("updatedAt").asText());
        api.postMessage(ids.get(1), "user", "hello");
        List<JsonNode> afterMessage = items(api.get(listPath).json());
        assertThat(afterMessage.get(0).get("id").asText()).isEqualTo(ids.get(1));
        assertThat(afterMessage).isSortedAccordingTo(DROPDOWN_ORDER);
    }

    @Test
    void breaksTiesInTheDropdownById() {
        String projectId = api.createProject("P").get("id").asText();
        // Created at once, so that several share a millisecond.
        var creations = IntStream.range(0, 24)
                .mapToObj(i -> CompletableFuture.runAsync(() -> api.createSession(projectId)))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(creations).join();

        List<JsonNode> sessions =
                items(api.get("/api/projects/" + projectId + "/chat-sessions").json());

        assertThat(sessions).hasSize(24).isSortedAccordingTo(DROPDOWN_ORDER);
    }

    @Test
    void renameAnswersTheNewNameAndMovesUpdatedAt() {
        JsonNode session = api.newSession();
        String id = session.get("id").asText();
        afterTheClockPasses(session.get("updatedAt").asText());

        JsonNode renamed = api.patch("/api/chat-sessions/" + id, Map.of("name", "  Checkout flow "))
                .expect(200)
                .json();

        assertThat(renamed.get("name").asText()).isEqualTo("Checkout flow");
        assertThat(renamed.get("createdAt")).isEqualTo(session.get("createdAt"));
        assertThat(Instant.parse(renamed.get("updatedAt").asText()))
                .isAfter(Instant.parse(session.get("updatedAt").asText()));
        assertThat(api.session(id)).isEqualTo(renamed);
    }

    @Test
    void rejectsBlankOrTooLongNames() {
        String id = api.newSession().get("id").asText();
        String path = "/api/chat-sessions/" + id;

        api.patch(path, Map.of("name", " ")).expectInvalid(path, "name");
        api.patch(path, "{}").expectInvalid(path, "name");
        api.patch(path, Map.of("name", "n".repeat(101))).expectInvalid(path, "name");
        api.post(
                        "/api/projects/" + api.session(id).get("projectId").asText() + "/chat-sessions",
                        Map.of("name", "n".repeat(101)))
                .expectInvalid(
                        "/api/projects/" + api.session(id).get("projectId").asText() + "/chat-sessions", "name");

        assertThat(api.session(id).get("name").asText()).isEqualTo("New Chat");
    }

    @Test
    void lastMessageAtIsNullUntilTheFirstMessage() {
        String id = api.newSession().get("id").asText();
        assertThat(api.session(id).get("lastMessageAt").isNull()).isTrue();

        JsonNode message = api.postMessage(id, "user", "hi").get("message");

        JsonNode session = api.session(id);
        assertThat(session.get("lastMessageAt").asText())
                .isEqualTo(message.get("createdAt").asText());
        assertThat(Instant.parse(session.get("updatedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(message.get("createdAt").asText()));
        assertThat(session.get("messageCount").asLong()).isEqualTo(1);
    }

    @Test
    void deletedSessionIsGoneEverywhere() {
        JsonNode session = api.newSession();
        String id = session.get("id").asText();
        String projectId = session.get("projectId").asText();
        api.postMessage(id, "user", "something private");
        String path = "/api/chat-sessions/" + id;

        var deleted = api.delete(path);

        deleted.expect(204);
        assertThat(deleted.body()).isEmpty();
        api.get(path).expectProblem(404, path);
        api.get(path + "/messages").expectProblem(404, path + "/messages");
        api.patch(path, Map.of("name", "back?")).expectProblem(404, path);
        api.post("/api/chat-messages", Map.of("chatSessionId", id, "role", "user", "content", "hello?"))
                .expectProblem(404, "/api/chat-messages");
        assertThat(items(api.get("/api/projects/" + projectId + "/chat-sessions")
                        .expect(200)
                        .json()))
                .isEmpty();
        api.delete(path).expectProblem(404, path);
    }

    @Test
    void foreignAndUnknownSessionsLookTheSame() {
        Api other = api.asNewUser();
        JsonNode foreign = other.newSession();
        String foreignId = foreign.get("id").asText();
        String unknownId = UUID.randomUUID().toString();

        for (String suffix : List.of("", "/messages")) {
            String f = "/api/chat-sessions/" + foreignId + suffix;
            String u = "/api/chat-sessions/" + unknownId + suffix;
            assertThat(withoutInstance(api.get(f).expectProblem(404, f)))
                    .isEqualTo(withoutInstance(api.get(u).expectProblem(404, u)));
        }
        String f = "/api/chat-sessions/" + foreignId;
        String u = "/api/chat-sessions/" + unknownId;
        assertThat(withoutInstance(api.patch(f, Map.of("name", "mine")).expectProblem(404, f)))
                .isEqualTo(withoutInstance(api.patch(u, Map.of("name", "mine")).expectProblem(404, u)));
        assertThat(withoutInstance(api.delete(f).expectProblem(404, f)))
                .isEqualTo(withoutInstance(api.delete(u).expectProblem(404, u)));
        assertThat(withoutInstance(api.post(
                                "/api/chat-messages",
                                Map.of("chatSessionId", foreignId, "role", "user", "content", "x"))
                        .expectProblem(404, "/api/chat-messages")))
                .isEqualTo(withoutInstance(api.post(
                                "/api/chat-messages",
                                Map.of("chatSessionId", unknownId, "role", "user", "content", "x"))
                        .expectProblem(404, "/api/chat-messages")));

        String fp = "/api/projects/" + foreign.get("projectId").asText() + "/chat-sessions";
        String up = "/api/projects/" + UUID.randomUUID() + "/chat-sessions";
        assertThat(withoutInstance(api.get(fp).expectProblem(404, fp)))
                .isEqualTo(withoutInstance(api.get(up).expectProblem(404, up)));
        assertThat(withoutInstance(api.postWithoutBody(fp).expectProblem(404, fp)))
                .isEqualTo(withoutInstance(api.postWithoutBody(up).expectProblem(404, up)));

        assertThat(other.session(foreignId)).isEqualTo(foreign);
    }

    @Test
    void aProjectIdIsNoSessionIdAndTheReverse() {
        JsonNode session = api.newSession();
        String projectId = session.get("projectId").asText();
        String sessionId = session.get("id").asText();
        String asSession = "/api/chat-sessions/" + projectId;
        String asProject = "/api/projects/" + sessionId;

        api.get(asSession).expectProblem(404, asSession);
        api.patch(asSession, Map.of("name", "x")).expectProblem(404, asSession);
        api.delete(asSession).expectProblem(404, asSession);
        api.get(asSession + "/messages").expectProblem(404, asSession + "/messages");
        api.post("/api/chat-messages", Map.of("chatSessionId", projectId, "role", "user", "content", "x"))
                .expectProblem(404, "/api/chat-messages");
        api.get(asProject).expectProblem(404, asProject);
        api.get(asProject + "/chat-sessions").expectProblem(404, asProject + "/chat-sessions");
        api.postWithoutBody(asProject + "/chat-sessions").expectProblem(404, asProject + "/chat-sessions");

        assertThat(api.session(sessionId)).isEqualTo(session);
        api.get("/api/projects/" + projectId).expect(200);
    }

    /** Waits (boundedly) until the clock is past {@code instant}'s millisecond, so a later change has a later time. */
    static void afterTheClockPasses(String instant) {
        Instant then = Instant.parse(instant);
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(2))
                .until(() -> Instant.now().isAfter(then.plusMillis(1)));
    }
}
