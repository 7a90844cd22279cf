package dev.chatsessions.app.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.HttpIntegrationTest;
import dev.chatsessions.app.support.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/projects/{id}/import}: ChatGPT's conversations.json and this service's own project export. */
class ImportIntegrationTest extends HttpIntegrationTest {

    private static final String LISBON = "6551a1b2-0000-4000-8000-000000000001";

    private static byte[] chatGptExport() {
        try (InputStream in = ImportIntegrationTest.class.getResourceAsStream("/import/chatgpt-conversations.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response importFile(String project, byte[] file) {
        return api.send("POST", "/api/projects/" + project + "/import", "application/json", file, false);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private List<JsonNode> sessionsOf(String project) {
        return list(api.get("/api/projects/" + project + "/chat-sessions")
                .expect(200)
                .json()
                .get("items"));
    }

    private static Instant instant(JsonNode node) {
        return Instant.parse(node.asText());
    }

    @Test
    void importsAChatGptExportFollowingTheBranchLastShown() {
        String project = api.createProject("From ChatGPT").get("id").asText();

        JsonNode answer = importFile(project, chatGptExport()).expect(201).json();

        assertThat(answer.get("imported").asInt()).isEqualTo(3);
        assertThat(answer.get("skipped").asInt()).isZero();
        List<JsonNode> sessions = list(answer.get("sessions"));
        assertThat(sessions)
                .extracting(s -> s.get("name").asText())
                .containsExactly("Lisbon in 3 days \uD83C\uDDF5\uD83C\uDDF9", "日本語のテスト", "Imported chat");
        assertThat(sessions).extracting(s -> s.get("messageCount").asLong()).containsExactly(4L, 2L, 0L);
        JsonNode lisbon = sessions.get(0);
        assertThat(instant(lisbon.get("originalCreatedAt"))).isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
        assertThat(sessions.get(2).get("originalCreatedAt").isNull()).isTrue();
        assertThat(api.session(lisbon.get("id").asText())).isEqualTo(lisbon);

        List<JsonNode> messages = list(api.messages(lisbon.get("id").asText()).get("items"));
        assertThat(messages)
                .extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "user", "assistant");
        assertThat(messages)
                .extracting(m -> m.get("content").asText())
                .containsExactly(
                        "Plan 3 days in Lisbon — cafés & pastéis de nata",
                        "Day 1: **Alfama**\n\n```python\nprint('olá, Lisboa')\n```\n",
                        "What is this tram?\nIt is yellow.",
                        "That is tram 28 \uD83D\uDE8B,\nthe most famous line.");
        assertThat(messages)
                .extracting(m -> instant(m.get("originalCreatedAt")))
                .containsExactly(
                        Instant.parse("2023-11-14T22:13:21.500Z"), Instant.parse("2023-11-14T22:13:40.250Z"),
                        Instant.parse("2023-11-14T22:15:00Z"), Instant.parse("2023-11-14T22:15:02Z"));
        assertThat(messages).extracting(m -> m.get("status").asText()).containsOnly("complete");

        List<JsonNode> japanese =
                list(api.messages(sessions.get(1).get("id").asText()).get("items"));
        assertThat(japanese)
                .extracting(m -> m.get("content").asText())
                .as("U+0000 removed; a code message's text kept")
                .containsExactly("こんにちは!", "print(\"こんにちは\")");

        String now = Instant.now().toString();
        JsonNode asOf = api.get("/api/chat-sessions/" + lisbon.get("id").asText() + "/messages?asOf=" + now)
                .json();
        assertThat(list(asOf.get("items")))
                .as("rebuilt from the events, with the original times")
                .extracting(m -> m.get("originalCreatedAt"))
                .containsExactlyElementsOf(
                        messages.stream().map(m -> m.get("originalCreatedAt")).toList());
        assertThat(api.get("/api/chat-sessions/" + lisbon.get("id").asText() + "?asOf=" + now)
                        .json()
                        .get("originalCreatedAt"))
                .isEqualTo(lisbon.get("originalCreatedAt"));

        JsonNode events = api.get("/api/chat-sessions/" + lisbon.get("id").asText() + "/events")
                .json()
                .get("items");
        assertThat(events.at("/0/type").asText()).isEqualTo("SessionImported");
        assertThat(events.at("/0/payload/source").asText()).isEqualTo("chatgpt");
        assertThat(events.at("/0/payload/sourceConversationId").asText()).isEqualTo(LISBON);

        JsonNode totals =
                api.get("/api/projects/" + project + "/analytics").json().get("totals");
        assertThat(totals.get("sessionsImported").asLong()).isEqualTo(3);
        assertThat(totals.get("sessionsCreated").asLong()).isZero();
    }

    @Test
    void importingTheSameFileAgainSkipsWhatIsThere() {
        String project = api.createProject("Twice").get("id").asText();
        importFile(project, chatGptExport()).expect(201);
        String lisbon = sessionsOf(project).stream()
                .filter(s -> s.get("messageCount").asLong() == 4)
                .findFirst()
                .orElseThrow()
                .get("id")
                .asText();

        JsonNode again = importFile(project, chatGptExport()).expect(201).json();

        assertThat(again.get("imported").asInt()).isZero();
        assertThat(again.get("skipped").asInt()).isEqualTo(3);
        assertThat(again.get("sessions")).isEmpty();
        assertThat(sessionsOf(project)).hasSize(3);

        api.delete("/api/chat-sessions/" + lisbon).expect(204);
        JsonNode afterDeletion =
                importFile(project, chatGptExport()).expect(201).json();
        assertThat(afterDeletion.get("imported").asInt())
                .as("a deleted conversation comes back")
                .isEqualTo(1);
        assertThat(afterDeletion.get("skipped").asInt()).isEqualTo(2);

        String other = api.createProject("Elsewhere").get("id").asText();
        assertThat(importFile(other, chatGptExport())
                        .expect(201)
                        .json()
                        .get("imported")
                        .asInt())
                .as("skipping is per project")
                .isEqualTo(3);
    }

    @Test
    void aMalformedFileIsRefusedNamingWhereItBrokeAndImportsNothing() {
        String project = api.createProject("Broken").get("id").asText();
        String path = "/api/projects/" + project + "/import";
        String valid = new String(chatGptExport(), StandardCharsets.UTF_8);

        String truncated = valid.substring(0, valid.length() / 2);
        JsonNode problem =
                importFile(project, truncated.getBytes(StandardCharsets.UTF_8)).expectInvalid(path, "file");
        assertThat(problem.get("detail").asText()).contains("not valid JSON at line");

        String brokenTree = valid.replace("\"current_node\": \"c\"", "\"current_node\": \"missing\"");
        assertThat(brokenTree).isNotEqualTo(valid);
        problem =
                importFile(project, brokenTree.getBytes(StandardCharsets.UTF_8)).expectInvalid(path, "file");
        assertThat(problem.get("detail").asText())
                .contains("[1]", "6551a1b2-0000-4000-8000-000000000002", "has no node missing");

        String tooLongId = valid.replace("6551a1b2-0000-4000-8000-000000000002", "x".repeat(3000));
        assertThat(tooLongId).isNotEqualTo(valid);
        problem =
                importFile(project, tooLongId.getBytes(StandardCharsets.UTF_8)).expectInvalid(path, "file");
        assertThat(problem.get("detail").asText()).contains("has no id of 1 to 200 characters");

        importFile(project, "\"a string\"".getBytes(StandardCharsets.UTF_8)).expectInvalid(path, "file");
        importFile(project, "{\"project\":{}}".getBytes(StandardCharsets.UTF_8)).expectInvalid(path, "file");
        importFile(project, "[1]".getBytes(StandardCharsets.UTF_8)).expectInvalid(path, "file");

        assertThat(sessionsOf(project))
                .as("nothing was imported, not even the conversation before the break")
                .isEmpty();
    }

    @Test
    void aFileOverTheLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        String project = api.createProject("Too big").get("id").asText();
        String path = "/api/projects/" + project + "/import";
        long limit = 50L * 1024 * 1024;

        String declared = rawPost(path, "Content-Length: " + (limit + 1), 0);
        assertThat(declared).startsWith("HTTP/1.1 413").contains("application/problem+json");

        String chunked = rawPost(path, "Transfer-Encoding: chunked", limit + 64 * 1024);
        assertThat(chunked).startsWith("HTTP/1.1 413").contains("application/problem+json", "at most " + limit);

        assertThat(sessionsOf(project)).isEmpty();
    }

    /**
     * Sends the request line and headers over a plain socket, then {@code bodyBytes} of a JSON array in chunks (none
     * when 0), without ending the body, and reads the answer's head: the service must answer before the body ends.
     */
    private String rawPost(String path, String lengthHeader, long bodyBytes) throws Exception {
        String token = Api.JSON
                .readTree(java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create("http://localhost:" + port + "/api/dev/tokens"))
                                        .header("Content-Type", "application/json")
                                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                                "{\"userId\":\"" + api.userId() + "\",\"roles\":[]}"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body())
                .get("token")
                .asText();
        try (var socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            var out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/json\r\n" + lengthHeader + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("[" + "\"x\",".repeat(4096)).substring(0, 16 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (long sent = 0; sent < bodyBytes; sent += chunk.length) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                chunk[0] = ' ';
            }
            out.flush();
            var answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; answer.size() < 65_536 && (n = socket.getInputStream().read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
                String text = answer.toString(StandardCharsets.UTF_8);
                if (text.contains("\r\n\r\n") && text.contains("}")) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void importsOnlyIntoOnesOwnProject() {
        String project = api.createProject("Mine").get("id").asText();
        String path = "/api/projects/" + project + "/import";
        api.asNewUser()
                .send("POST", path, "application/json", chatGptExport(), false)
                .expectProblem(404, path);
        String unknown = "/api/projects/" + UUID.randomUUID() + "/import";
        api.send("POST", unknown, "application/json", chatGptExport(), false).expectProblem(404, unknown);
        assertThat(sessionsOf(project)).isEmpty();
    }

    @Test
    void exportThenImportGivesTheSameConversations() {
        String source = api.createProject("Original").get("id").asText();
        String first = api.createSession(source, "Trip").get("id").asText();
        api.postMessage(first, "user", "Plan a trip ☀");
        api.postMessage(first, "assistant", "```\ncode\n```");
        api.post("/api/chat-sessions/" + first + "/fork", Map.of("upToSeq", 1)).expect(201);
        api.createSession(source, "Empty");
        JsonNode exported =
                api.get("/api/projects/" + source + "/export").expect(200).json();

        String target = api.createProject("Copy").get("id").asText();
        JsonNode answer = importFile(target, exported.toString().getBytes(StandardCharsets.UTF_8))
                .expect(201)
                .json();

        assertThat(answer.get("imported").asInt()).isEqualTo(3);
        JsonNode reexported =
                api.get("/api/projects/" + target + "/export").expect(200).json();
        assertThat(conversations(reexported)).isEqualTo(conversations(exported));
        for (JsonNode entry : list(reexported.get("sessions"))) {
            JsonNode original = list(exported.get("sessions")).stream()
                    .filter(e -> e.at("/session/name").equals(entry.at("/session/name")))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.at("/session/originalCreatedAt")).isEqualTo(original.at("/session/createdAt"));
            for (int i = 0; i < entry.get("messages").size(); i++) {
                assertThat(entry.at("/messages/" + i + "/originalCreatedAt"))
                        .isEqualTo(original.at("/messages/" + i + "/createdAt"));
            }
        }
        assertThat(importFile(target, exported.toString().getBytes(StandardCharsets.UTF_8))
                        .expect(201)
                        .json()
                        .get("skipped")
                        .asInt())
                .isEqualTo(3);

        String third = api.createProject("Copy of the copy").get("id").asText();
        importFile(third, reexported.toString().getBytes(StandardCharsets.UTF_8))
                .expect(201);
        JsonNode thirdExport = api.get("/api/projects/" + third + "/export").json();
        assertThat(conversations(thirdExport)).isEqualTo(conversations(exported));
        assertThat(list(thirdExport.get("sessions")))
                .extracting(e -> e.at("/session/originalCreatedAt").asText())
                .as("the original time survives a second round trip")
                .containsExactlyInAnyOrderElementsOf(list(exported.get("sessions")).stream()
                        .map(e -> e.at("/session/createdAt").asText())
                        .toList());
    }

    /** Name and messages (role, content, status) of each session, in a stable order. */
    private static List<String> conversations(JsonNode export) {
        return list(export.get("sessions")).stream()
                .map(entry -> {
                    StringBuilder text =
                            new StringBuilder(entry.at("/session/name").asText());
                    entry.get("messages")
                            .forEach(m -> text.append('\n')
                                    .append(m.get("role").asText())
                                    .append(": ")
                                    .append(m.get("content").asText())
                                    .append(" [")
                                    .append(m.get("status").asText())
                                    .append(']'));
                    return text.toString();
                })
                .sorted()
                .toList();
    }
}
