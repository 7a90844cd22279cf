package dev.chatsessions.app.support;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client of {@code GET /api/projects/{id}/live}: the stream read on a thread of its own into {@link #events}. */
public final class LiveStream implements AutoCloseable {

    /** One SSE event, or a comment line ({@code comment} set, the rest null), as read from the wire. */
    public record Event(String id, String name, String data, String comment) {

        public JsonNode json() {
            try {
                return Api.JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    private LiveStream(HttpResponse<InputStream> response) {
        this.response = response;
        reader = new Thread(this::read, "live-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The answer to the request, unread: for the refusals. */
    public static HttpResponse<InputStream> request(int port, String token, String project, String lastEventId) {
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/projects/" + project + "/live"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens the stream; fails unless it is answered {@code 200 text/event-stream}. */
    public static LiveStream open(int port, String token, String project, String lastEventId) {
        var response = request(port, token, project, lastEventId);
        if (response.statusCode() != 200
                || !response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            throw new AssertionError("expected a stream, got " + response.statusCode() + " " + response.headers());
        }
        return new LiveStream(response);
    }

    private void read() {
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            String data = null;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name, data, null));
                    }
                    id = name = data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, null, null, line.substring(1)));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5);
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** The events that carry a change (not the comments). */
    public List<Event> changes() {
        return events.stream().filter(e -> e.name() != null).toList();
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}
