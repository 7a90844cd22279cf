package dev.chatsessions.app.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A client of the service's HTTP API acting as one user, over a real HTTP connection.
 * <p>
 * <b>The one place where test requests are authenticated</b> ({@link #authenticate}): a bearer token for the
 * user, by default one the service hands out in local mode ({@code POST /api/dev/tokens}), or one the test signs
 * itself ({@link #at(int, Function)}). Every request of every integration test goes through it, the assistant's
 * Server-Sent Events included ({@link #openAsk}, {@link #openAttach}, read as a {@link Stream}).
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

    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
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

    // ---- the assistant: a question, its reply and the reply's stream ----------------------------------------

    /** The id of a new session in a new project of this user. */
    public UUID newSessionId() {
        return UUID.fromString(newSession().get("id").asText());
    }

    /** Posts a question without {@code Accept: text/event-stream}: the answer waits for the reply. */
    public Response ask(UUID session, String content) {
        return post(
                "/api/chat-sessions/" + session + "/messages",
                Map.of("content", content),
                "Accept",
                "application/json");
    }

    /** Posts a question with {@code Accept: text/event-stream} and reads the stream to its end. */
    public List<Event> askStreaming(UUID session, String content) {
        try (Stream stream = openAsk(session, content)) {
            return stream.readAll();
        }
    }

    /** Posts a question with {@code Accept: text/event-stream}, the stream left open; fails unless answered 200. */
    public Stream openAsk(UUID session, String content) {
        return open(request("/api/chat-sessions/" + session + "/messages", "Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json(Map.of("content", content)), StandardCharsets.UTF_8)));
    }

    /** The attach request as an SSE client makes it, answered at once (for the refusals). */
    public Response attach(UUID session) {
        return send(request(replyStream(session), "Accept", "text/event-stream").GET());
    }

    public Stream openAttach(UUID session) {
        return open(request(replyStream(session), "Accept", "text/event-stream").GET());
    }

    /** Attaches as an SSE client reconnecting after the event {@code lastEventId}. */
    public Stream openAttach(UUID session, String lastEventId) {
        return open(request(replyStream(session), "Accept", "text/event-stream", "Last-Event-ID", lastEventId)
                .GET());
    }

    public Response stop(UUID session) {
        return postWithoutBody("/api/chat-sessions/" + session + "/reply/stop");
    }

    /** The session's messages, oldest first (up to 200). */
    public List<JsonNode> messageList(UUID session) {
        List<JsonNode> items = new ArrayList<>();
        messages(session.toString()).get("items").forEach(items::add);
        return items;
    }

    private static String replyStream(UUID session) {
        return "/api/chat-sessions/" + session + "/reply/stream";
    }

    private Stream open(HttpRequest.Builder request) {
        try {
            HttpResponse<InputStream> response = http.send(authenticate(request).build(), BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                throw new AssertionError("expected a stream, got " + response.statusCode() + " " + body);
            }
            return new Stream(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One server-sent event; {@code data} is JSON; {@code id} null when it has none. */
    public record Event(String name, JsonNode data, String id) {

        /** The reply's text: the deltas concatenated. */
        public static String text(List<Event> events) {
            return events.stream()
                    .filter(e -> e.name().equals("delta"))
                    .map(e -> e.data().get("text").asText())
                    .collect(Collectors.joining());
        }

        public static List<String> names(List<Event> events) {
            return events.stream().map(Event::name).toList();
        }
    }

    /** An open SSE response, read event by event on the caller's thread; closing it disconnects. */
    public static final class Stream implements AutoCloseable {

        private final InputStream body;
        private final BufferedReader reader;
        private final List<Event> seen = new ArrayList<>();

        Stream(InputStream body) {
            this.body = body;
            this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        }

        /** The next event, or null at the end of the stream. */
        public Event next() {
            try {
                String name = "message";
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isEmpty()) {
                        if (data.isEmpty()) {
                            continue;
                        }
                        Event event = new Event(name, parse(data.toString()), id);
                        seen.add(event);
                        return event;
                    }
                    if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads on until {@code count} deltas have been seen in all. */
        public void readDeltas(int count) {
            while (seen.stream().filter(e -> e.name().equals("delta")).count() < count) {
                if (next() == null) {
                    throw new AssertionError("stream ended after " + Event.names(seen));
                }
            }
        }

        public List<Event> readAll() {
            while (next() != null) {
                // collecting
            }
            return List.copyOf(seen);
        }

        public List<Event> seen() {
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }
}
