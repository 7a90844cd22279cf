package dev.chatsessions.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.app.support.TestDatabases;
import dev.chatsessions.app.support.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every endpoint of the contract, refused without a valid token, and blind to other users' resources. Runs in
 * shared-secret mode, where the test can sign every kind of bad token itself.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chat.security.jwt.hmac-secret=" + EndpointSecurityIntegrationTest.SECRET)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointSecurityIntegrationTest {

    static final String SECRET = "endpoint-security-test-secret-of-48-bytes-length";

    private static final ObjectMapper json = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::fresh);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @LocalServerPort
    int port;

    private final String alice = TestTokens.hs256(SECRET, "alice", Duration.ofHours(1), null);
    private final String mallory = TestTokens.hs256(SECRET, "mallory", Duration.ofHours(1), null);
    private String project;
    private String session;

    /** One endpoint of api.md; {@code {project}} and {@code {session}} stand for alice's ids. */
    record Endpoint(String method, String path, String body, boolean touchesExistingResource) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint("GET", "/api/projects", null, false),
                new Endpoint("POST", "/api/projects", "{\"name\":\"Mine\"}", false),
                new Endpoint("GET", "/api/projects/{project}", null, true),
                new Endpoint("GET", "/api/projects/{project}/chat-sessions", null, true),
                new Endpoint("POST", "/api/projects/{project}/chat-sessions", "{}", true),
                new Endpoint("GET", "/api/chat-sessions/{session}", null, true),
                new Endpoint("PATCH", "/api/chat-sessions/{session}", "{\"name\":\"Taken\"}", true),
                new Endpoint("DELETE", "/api/chat-sessions/{session}", null, true),
                new Endpoint("GET", "/api/chat-sessions/{session}/messages", null, true),
                new Endpoint(
                        "POST",
                        "/api/chat-messages",
                        "{\"chatSessionId\":\"{session}\",\"role\":\"user\",\"content\":\"injected\"}",
                        true),
                new Endpoint("POST", "/api/chat-sessions/{session}/messages", "{\"content\":\"injected\"}", true),
                new Endpoint("POST", "/api/chat-sessions/{session}/reply/stop", null, true),
                new Endpoint("GET", "/api/chat-sessions/{session}/reply/stream", null, true),
                new Endpoint("GET", "/api/chat-sessions/{session}/events", null, true),
                new Endpoint("GET", "/api/projects/{project}/analytics", null, true));
    }

    static Stream<Arguments> endpointsWithBadTokens() {
        String wrongKey =
                TestTokens.hs256("another-secret-that-is-also-at-least-32-bytes", "alice", Duration.ofHours(1), null);
        Map<String, String> badTokens = Map.of(
                "malformed",
                "not-a-jwt",
                "expired",
                TestTokens.hs256(SECRET, "alice", Duration.ofMinutes(-5), null),
                "unsigned (alg none)",
                TestTokens.unsigned("alice"),
                "signed with another key",
                wrongKey);
        return endpoints()
                .flatMap(e -> badTokens.entrySet().stream().map(bad -> Arguments.of(e, bad.getKey(), bad.getValue())));
    }

    @BeforeAll
    void aliceOwnsAProjectWithASession() throws Exception {
        project = send("POST", "/api/projects", alice, "{\"name\":\"Alice's\"}")
                .body()
                .get("id")
                .asText();
        session = send("POST", "/api/projects/" + project + "/chat-sessions", alice, "{}")
                .body()
                .get("id")
                .asText();
        send(
                "POST",
                "/api/chat-messages",
                alice,
                "{\"chatSessionId\":\"" + session + "\",\"role\":\"user\",\"content\":\"Plan the launch\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void refusesCallsWithoutToken(Endpoint endpoint) throws Exception {
        assertUnauthorized(send(endpoint.method(), fill(endpoint.path()), null, fill(endpoint.body())));
    }

    @ParameterizedTest(name = "{0} with a {1} token")
    @MethodSource("endpointsWithBadTokens")
    void refusesBadTokens(Endpoint endpoint, String kind, String token) throws Exception {
        assertUnauthorized(send(endpoint.method(), fill(endpoint.path()), token, fill(endpoint.body())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void answersAnotherUsersResourceLikeAnUnknownOneAndChangesNothing(Endpoint endpoint) throws Exception {
        if (!endpoint.touchesExistingResource()) {
            return;
        }
        Map<String, JsonNode> before = aliceSees();

        Reply foreign = send(endpoint.method(), fill(endpoint.path()), mallory, fill(endpoint.body()));
        Reply unknown = send(
                endpoint.method(),
                fill(endpoint.path(), UUID.randomUUID().toString()),
                mallory,
                fill(endpoint.body(), UUID.randomUUID().toString()));

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(withoutInstance(foreign.body())).isEqualTo(withoutInstance(unknown.body()));
        assertThat(aliceSees()).isEqualTo(before);
    }

    @Test
    void adminEndpointsNeedTheAdminRole() throws Exception {
        String admin = TestTokens.hs256(SECRET, "root", Duration.ofHours(1), List.of("admin"));
        for (String path : List.of("/api/admin/projections", "/actuator/prometheus", "/actuator/metrics")) {
            Reply refused = send("GET", path, alice, null);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(send("POST", "/api/admin/projections/messages/replay", alice, null)
                        .status())
                .isEqualTo(403);
        assertThat(send("GET", "/api/admin/projections", admin, null).status()).isEqualTo(200);
        assertThat(send("GET", "/actuator/metrics", admin, null).status()).isEqualTo(200);
    }

    @Test
    void healthAndApiDocsAreOpen() throws Exception {
        assertThat(send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/v3/api-docs", null, null).status()).isEqualTo(200);
    }

    @Test
    void devTokensDoNotExistWithASharedSecret() throws Exception {
        assertThat(send("POST", "/api/dev/tokens", null, "{\"userId\":\"alice\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void acceptsAValidToken() throws Exception {
        assertThat(send("GET", "/api/projects/" + project, alice, null).status())
                .isEqualTo(200);
    }

    private Map<String, JsonNode> aliceSees() throws Exception {
        return Map.of(
                "project", send("GET", "/api/projects/" + project, alice, null).body(),
                "sessions",
                        send("GET", "/api/projects/" + project + "/chat-sessions", alice, null)
                                .body(),
                "session",
                        send("GET", "/api/chat-sessions/" + session, alice, null)
                                .body(),
                "messages",
                        send("GET", "/api/chat-sessions/" + session + "/messages", alice, null)
                                .body());
    }

    private static void assertUnauthorized(Reply reply) {
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().get("status").asInt()).isEqualTo(401);
    }

    private static JsonNode withoutInstance(JsonNode problem) {
        var copy = problem.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("instance");
        return copy;
    }

    private String fill(String template) {
        return template == null ? null : template.replace("{project}", project).replace("{session}", session);
    }

    private static String fill(String template, String id) {
        return template == null ? null : template.replace("{project}", id).replace("{session}", id);
    }

    record Reply(int status, String contentType, JsonNode body) {}

    private Reply send(String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Reply(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                text.isBlank() ? json.nullNode() : json.readTree(text));
    }
}
