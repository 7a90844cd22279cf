package dev.chatsessions.app.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The service as a client sees it, over real HTTP, SSE included. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final String user;
    private String token;

    Api(int port, String user) {
        this.base = "http://localhost:" + port;
        this.user = user;
    }

    /** For a service that checks tokens it did not issue itself ({@code token} for {@code user}). */
    Api(int port, String user, String token) {
        this(port, user);
        this.token = token;
    }

    /** The one place that says who the caller is: a token from the local-mode token endpoint. */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token())
                .timeout(Duration.ofSeconds(60));
    }

    private String token() {
        if (token == null) {
            var request = HttpRequest.newBuilder(URI.create(base + "/api/dev/tokens"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("userId", user))))
                    .build();
            try {
                token = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString())
                                .body())
                        .get("token")
                        .asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return token;
    }

    UUID newSession() {
        JsonNode project =
                post("/api/projects", Map.of("name", "Assistant tests")).json();
        JsonNode session = post("/api/projects/" + project.get("id").asText() + "/chat-sessions", Map.of())
                .json();
        return UUID.fromString(session.get("id").asText());
    }

    Response post(String path, Object body) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                        .build(),
                "application/json");
    }

    Response postStreaming(String path, Object body) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                        .build(),
                null);
    }

    Response delete(String path) {
        return send(request(path).DELETE().build(), "application/json");
    }

    Response get(String path) {
        return send(request(path).GET().build(), "application/json");
    }

    /** The attach request as an SSE client makes it, answered at once (for the refusals). */
    Response attach(UUID session) {
        return send(
                request("/api/chat-sessions/" + session + "/reply/stream")
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                null);
    }

    Response ask(UUID session, String content) {
        return post("/api/chat-sessions/" + session + "/messages", Map.of("content", content));
    }

    /** Posts with {@code Accept: text/event-stream} and reads the stream to its end. */
    List<Event> askStreaming(UUID session, String content) {
        try (Stream stream = openAsk(session, content)) {
            return stream.readAll();
        }
    }

    Stream openAsk(UUID session, String content) {
        return open(request("/api/chat-sessions/" + session + "/messages")
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("content", content))))
                .build());
    }

    Stream openAttach(UUID session) {
        return open(request("/api/chat-sessions/" + session + "/reply/stream")
                .header("Accept", "text/event-stream")
                .GET()
                .build());
    }

    /** Attaches as an SSE client reconnecting after the event {@code lastEventId}. */
    Stream openAttach(UUID session, String lastEventId) {
        return open(request("/api/chat-sessions/" + session + "/reply/stream")
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", lastEventId)
                .GET()
                .build());
    }

    Response stop(UUID session) {
        return send(
                request("/api/chat-sessions/" + session + "/reply/stop")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                "application/json");
    }

    List<JsonNode> messages(UUID session) {
        List<JsonNode> items = new ArrayList<>();
        get("/api/chat-sessions/" + session + "/messages").json().get("items").forEach(items::add);
        return items;
    }

    private Stream open(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
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

    private Response send(HttpRequest request, String accept) {
        try {
            if (accept != null && request.headers().firstValue("Accept").isEmpty()) {
                request = HttpRequest.newBuilder(request, (name, value) -> true)
                        .header("Accept", accept)
                        .build();
            }
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(""),
                    response.body(),
                            response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code retryAfter}: the {@code Retry-After} header, null when absent. */
    record Response(int status, String contentType, String body, String retryAfter) {
        JsonNode json() {
            return parse(body);
        }
    }

    /** One server-sent event; {@code data} is JSON; {@code id} null when it has none. */
    record Event(String name, JsonNode data, String id) {

        static String text(List<Event> events) {
            return events.stream()
                    .filter(e -> e.name().equals("delta"))
                    .map(e -> e.data().get("text").asText())
                    .collect(Collectors.joining());
        }

        static List<String> names(List<Event> events) {
            return events.stream().map(Event::name).toList();
        }
    }

    /** An open SSE response, read event by event; closing it disconnects. */
    static final class Stream implements AutoCloseable {

        private final InputStream body;
        private final BufferedReader reader;
        private final List<Event> seen = new ArrayList<>();

        Stream(InputStream body) {
            this.body = body;
            this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        }

        /** The next event, or null at the end of the stream. */
        Event next() {
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
        void readDeltas(int count) {
            while (seen.stream().filter(e -> e.name().equals("delta")).count() < count) {
                if (next() == null) {
                    throw new AssertionError("stream ended after " + Event.names(seen));
                }
            }
        }

        List<Event> readAll() {
            while (next() != null) {
                // collecting
            }
            return List.copyOf(seen);
        }

        List<Event> seen() {
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
