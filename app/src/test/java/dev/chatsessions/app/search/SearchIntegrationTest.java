package dev.chatsessions.app.search;

import static dev.chatsessions.app.support.Json.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Search over HTTP: the answer's shape, relevance, paging, deletion and the errors. */
class SearchIntegrationTest extends HttpIntegrationTest {

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private List<String> found(String project, String text) {
        List<String> ids = new ArrayList<>();
        api.get("/api/projects/" + project + "/search?q=" + q(text))
                .expect(200)
                .json()
                .get("items")
                .forEach(item -> ids.add(item.at("/session/id").asText()));
        return ids;
    }

    @Test
    void findsSessionsByTheirMessagesAndNames() {
        String project = api.createProject("Searchable").get("id").asText();
        String infra = api.createSession(project, "Infra").get("id").asText();
        api.postMessage(infra, "user", "How many partitions for a kafka topic?");
        JsonNode reply = api.postMessage(infra, "assistant", "Start with the consumers you need.")
                .get("message");
        String budget = api.createSession(project, "Quarterly budget").get("id").asText();
        api.postMessage(budget, "user", "Spreadsheet formulas please");

        JsonNode page = api.get("/api/projects/" + project + "/search?q=kafka")
                .expect(200)
                .json();
        assertThat(fieldNames(page)).containsExactlyInAnyOrder("items", "nextCursor");
        assertThat(page.get("nextCursor").isNull()).isTrue();
        assertThat(page.get("items")).hasSize(1);
        JsonNode hit = page.get("items").get(0);
        assertThat(fieldNames(hit)).containsExactlyInAnyOrder("session", "message", "snippet");
        assertThat(hit.get("session")).isEqualTo(api.session(infra));
        assertThat(hit.at("/message/content").asText()).isEqualTo("How many partitions for a kafka topic?");
        assertThat(hit.at("/message/role").asText()).isEqualTo("user");
        assertThat(hit.get("snippet").asText()).contains("**kafka**");

        JsonNode byName = api.get("/api/projects/" + project + "/search?q=budget")
                .expect(200)
                .json()
                .get("items")
                .get(0);
        assertThat(byName.at("/session/id").asText()).isEqualTo(budget);
        assertThat(byName.get("message").isNull()).isTrue();

        api.send(
                        "PUT",
                        "/api/chat-sessions/" + infra + "/messages/"
                                + reply.get("id").asText() + "/feedback",
                        "application/json",
                        "{\"rating\":\"up\"}".getBytes(),
                        false)
                .expect(200);
        JsonNode rated = api.get("/api/projects/" + project + "/search?q=consumers")
                .expect(200)
                .json()
                .get("items")
                .get(0);
        assertThat(rated.at("/message/feedback/rating").asText()).isEqualTo("up");
    }

    @Test
    void wordsPhrasesExclusionsAndPartsOfWords() {
        String project = api.createProject("Relevance").get("id").asText();
        String unique = api.createSession(project, "One").get("id").asText();
        api.postMessage(unique, "user", "the zygomorphic flower and the event store");
        String other = api.createSession(project, "Two").get("id").asText();
        api.postMessage(other, "user", "store every event in order");

        assertThat(found(project, "zygomorphic")).containsExactly(unique);
        assertThat(found(project, "\"event store\"")).containsExactly(unique);
        assertThat(found(project, "\"store event\"")).isEmpty();
        assertThat(found(project, "event -zygomorphic")).containsExactly(other);
        assertThat(found(project, "zygomorph")).containsExactly(unique);
    }

    @Test
    void aDeletedSessionIsNeverFound() {
        String project = api.createProject("Deleted").get("id").asText();
        String deleted = api.createSession(project, "Doomed").get("id").asText();
        api.postMessage(deleted, "user", "the passphrase is quokka");
        String kept = api.createSession(project, "Kept").get("id").asText();
        api.postMessage(kept, "user", "a quokka photo");

        api.delete("/api/chat-sessions/" + deleted).expect(204);

        assertThat(found(project, "quokka")).containsExactly(kept);
        assertThat(found(project, "passphrase")).isEmpty();
        assertThat(found(project, "doomed")).isEmpty();
        assertThat(found(project, "passphr")).isEmpty();
    }

    @Test
    void pagesWithACursor() {
        String project = api.createProject("Paged").get("id").asText();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String s = api.createSession(project, "Chat " + i).get("id").asText();
            api.postMessage(s, "user", "shared topic " + "more ".repeat(i));
            sessions.add(s);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/projects/" + project + "/search?q=topic&limit=2"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200)
                    .json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            page.get("items").forEach(item -> seen.add(item.at("/session/id").asText()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(sessions).doesNotHaveDuplicates();
    }

    @Test
    void refusesBadQueriesAndOtherUsersProjects() {
        String project = api.createProject("Mine").get("id").asText();
        String path = "/api/projects/" + project + "/search";

        api.get(path).expectInvalid(path, "q");
        api.get(path + "?q=%20").expectInvalid(path, "q");
        api.get(path + "?q=" + "x".repeat(501)).expectInvalid(path, "q");
        api.get(path + "?q=x&limit=0").expectInvalid(path, "limit");
        api.get(path + "?q=x&cursor=garbage!").expectInvalid(path, "cursor");
        Api mallory = api.asNewUser();
        mallory.get(path + "?q=x").expectProblem(404, path);
        String unknown = "/api/projects/" + UUID.randomUUID() + "/search";
        api.get(unknown + "?q=x").expectProblem(404, unknown);
    }
}
