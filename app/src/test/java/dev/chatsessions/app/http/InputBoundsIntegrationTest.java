package dev.chatsessions.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Inputs with a bound: beyond it, a 400 naming the header or parameter, never a 500. Times and dates are bounded by
 * what PostgreSQL's {@code timestamptz} holds: 4714-11-24 BC (ISO year -4713) to 294276-12-31 AD.
 */
class InputBoundsIntegrationTest extends HttpIntegrationTest {

    private static final String KEY = "Idempotency-Key";

    @Test
    void idempotencyKeyOfUpTo255VisibleAsciiCharactersIsHonoured() {
        String key = "k".repeat(254) + "~";
        JsonNode first = api.post("/api/projects", Map.of("name", "Keyed"), KEY, key)
                .expect(201)
                .json();
        JsonNode again = api.post("/api/projects", Map.of("name", "Keyed"), KEY, key)
                .expect(200)
                .json();
        assertThat(again.get("id")).isEqualTo(first.get("id"));
    }

    @Test
    void idempotencyKeyLongerThan255CharactersIsRejectedNamingTheHeader() {
        JsonNode session = api.newSession();
        String sessionId = session.get("id").asText();
        String tooLong = "k".repeat(256);
        api.post("/api/projects", Map.of("name", "P"), KEY, tooLong).expectInvalid("/api/projects", KEY);
        String sessions = "/api/projects/" + session.get("projectId").asText() + "/chat-sessions";
        api.post(sessions, Map.of(), KEY, tooLong).expectInvalid(sessions, KEY);
        api.post(
                        "/api/chat-messages",
                        Map.of("chatSessionId", sessionId, "role", "user", "content", "hi"),
                        KEY,
                        tooLong)
                .expectInvalid("/api/chat-messages", KEY);
        assertThat(api.get("/api/chat-sessions/" + sessionId + "/messages")
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void idempotencyKeyWithSpacesOrControlCharactersIsRejectedNamingTheHeader() {
        // Java's HTTP client sends a non-ASCII character as '?', so those are left to the unit of the rule
        for (String key : List.of("two words", "tab\there")) {
            api.post("/api/projects", Map.of("name", "P"), KEY, key).expectInvalid("/api/projects", KEY);
        }
        assertThat(api.get("/api/projects").json().get("items")).isEmpty();
    }

    @Test
    void cursorsOutsideTheDatabaseTimeRangeAreRejectedNamingTheCursor() {
        JsonNode session = api.newSession();
        List<String> lists = List.of(
                "/api/projects", "/api/projects/" + session.get("projectId").asText() + "/chat-sessions");
        // microseconds since 1970: about 10,700 BC and the least a cursor can hold, both before timestamptz's range
        for (long micros : List.of(-400_000_000_000_000_000L, Long.MIN_VALUE)) {
            for (String list : lists) {
                api.get(list + "?cursor=" + cursor(micros)).expectInvalid(list, "cursor");
            }
        }
        // the most a cursor can hold, 294247 AD, is within the range
        for (String list : lists) {
            api.get(list + "?cursor=" + cursor(Long.MAX_VALUE)).expect(200);
        }
    }

    private static String cursor(long micros) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void asOfOutsideTheDatabaseTimeRangeOrMalformedIsRejectedNamingIt() {
        String sessionId = api.newSession().get("id").asText();
        for (String path :
                List.of("/api/chat-sessions/" + sessionId, "/api/chat-sessions/" + sessionId + "/messages")) {
            for (String asOf : List.of(
                    "+294277-01-01T00:00:00Z",
                    "-4713-11-23T23:59:59Z",
                    "+999999999-12-31T00:00:00Z",
                    "yesterday",
                    "2025-02-30T00:00:00Z")) {
                api.get(path + "?asOf=" + encode(asOf)).expectInvalid(path, "asOf");
            }
            api.get(path + "?asOf=" + encode("+294276-12-31T23:59:59Z")).expect(200);
        }
    }

    @Test
    void analyticsDatesOutsideTheDatabaseRangeOrMalformedAreRejectedNamingThem() {
        String projectId = api.createProject("Dated").get("id").asText();
        String path = "/api/projects/" + projectId + "/analytics";
        api.get(path + "?from=" + encode("+294276-12-01") + "&to=" + encode("+294277-01-01"))
                .expectInvalid(path, "to");
        api.get(path + "?from=" + encode("-4713-11-23") + "&to=" + encode("-4713-11-30"))
                .expectInvalid(path, "from");
        api.get(path + "?to=" + encode("-4713-12-01")).expectInvalid(path, "to");
        api.get(path + "?from=" + encode("+999999999-12-31")).expectInvalid(path, "from");
        api.get(path + "?from=2025-13-45").expectInvalid(path, "from");
        api.get(path + "?to=soon").expectInvalid(path, "to");

        api.get(path + "?from=" + encode("+294276-12-01") + "&to=" + encode("+294276-12-31"))
                .expect(200);
        api.get(path + "?from=" + encode("-4713-11-24") + "&to=" + encode("-4713-12-24"))
                .expect(200);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
