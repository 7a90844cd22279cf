package dev.chatsessions.app.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A client of the service's HTTP API acting as one user, over a real HTTP connection.
 * <p>
 * <b>The one place where test requests are authenticated</b> ({@link #authenticate}): a bearer token for the
 * user, by default one the service hands out in local mode ({@code POST /api/dev/tokens}), or one the test signs
 * itself ({@link #at(int, Function)}). Every request of every integration test goes through it.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String DEFAULT_USER = "local-user";

    private static final Map<String, String> devTokens = new ConcurrentHashMap<>();

    private final URI base;
    private final String userId;
    private final HttpClient http;
    private final Function<String, String> tokenFor;

    private Api(URI base, String userId, HttpClient http, Function<String, String> tokenFor) {
        this.base = base;
        this.userId = userId;
        this.http = http;
        this.tokenFor = tokenFor;
    }

    /** A client of the service on {@code port} of this machine in local mode, acting as the default local user. */
    public static Api at(int port) {
        URI base = URI.create("http://localhost:" + port);
        HttpClient http = newHttpClient();
        return new Api(
                base,
                DEFAULT_USER,
                http,
                user -> devTokens.computeIfAbsent(base + " " + user, key -> devToken(http, base, user, List.of())));
    }

    /** A client of the service on {@code port} in local mode, acting as an administrator (the {@code admin} role). */
    public static Api adminAt(int port) {
        URI base = URI.create("http://localhost:" + port);
        HttpClient http = newHttpClient();
        String token =
                devTokens.computeIfAbsent(base + " admin", key -> devToken(http, base, "root", List.of("admin")));
        return new Api(base, "root", http, user -> token);
    }

    /** A client whose tokens come from {@code tokenFor} (user id to token), e.g. signed with a shared secret. */
    public static Api at(int port, Function<String, String> tokenFor) {
        return new Api(URI.create("http://localhost:" + port), DEFAULT_USER, newHttpClient(), tokenFor);
    }

    /** The same connection pool, acting as {@code userId}. */
    public Api as(String userId) {
        return new Api(base, userId, http, tokenFor);
    }

    /** A user no other test knows, so that tests sharing one server do not see each other's data. */
    public Api asNewUser() {
        return as("user-" + UUID.randomUUID());
    }

    /** The same user through a second, independent client (its own connections). */
    public Api secondClient() {
        return new Api(base, userId, newHttpClient(), tokenFor);
    }

    public String userId() {
        return userId;
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private HttpRequest.Builder authenticate(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + tokenFor.apply(userId));
    }

    private static String devToken(HttpClient http, URI base, String userId, List<String> roles) {
        var request = HttpRequest.newBuilder(base.resolve("/api/dev/tokens"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json(Map.of("userId", userId, "roles", roles))))
                .build();
        try {
            var response = http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
            return JSON.readTree(response.body()).get("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- raw calls -------------------------------------------------------------------------------------------

    public Response get(String path) {
        return send(request(path).GET());
    }

    /** POSTs {@code body}: a String is sent as is, anything else as its JSON; with {@code Content-Type: application/json}. */
    public Response post(String path, Object body, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json(body), StandardCharsets.UTF_8)));
    }

    public Response postWithoutBody(String path) {
        return send(request(path).POST(BodyPublishers.noBody()));
    }

    public Response patch(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", BodyPublishers.ofString(json(body), StandardCharsets.UTF_8)));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** Sends bytes with the given content type, chunked (no {@code Content-Length}) when {@code chunked}. */
    public Response send(String method, String path, String contentType, byte[] body, boolean chunked) {
        BodyPublisher publisher = chunked
                ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : BodyPublishers.ofByteArray(body);
        return send(request(path).header("Content-Type", contentType).method(method, publisher));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            var response = http.send(authenticate(request).build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ---- the contract's calls, asserting success -------------------------------------------------------------

    public JsonNode createProject(String name) {
        return post("/api/projects", Map.of("name", name)).expect(201).json();
    }

    public JsonNode createSession(String projectId) {
        return postWithoutBody("/api/projects/" + projectId + "/chat-sessions")
                .expect(201)
                .json();
    }

    public JsonNode createSession(String projectId, String name) {
        return post("/api/projects/" + projectId + "/chat-sessions", Map.of("name", name))
                .expect(201)
                .json();
    }

    /** A new project with one new session; answers the session. */
    public JsonNode newSession() {
        return createSession(
                createProject("Project " + UUID.randomUUID()).get("id").asText());
    }

    /** Answers {@code {message, session}}. */
    public JsonNode postMessage(String sessionId, String role, String content) {
        return post("/api/chat-messages", Map.of("chatSessionId", sessionId, "role", role, "content", content))
                .expect(201)
                .json();
    }

    public JsonNode session(String sessionId) {
        return get("/api/chat-sessions/" + sessionId).expect(200).json();
    }

    public JsonNode messages(String sessionId) {
        return get("/api/chat-sessions/" + sessionId + "/messages?limit=200")
                .expect(200)
                .json();
    }
}
