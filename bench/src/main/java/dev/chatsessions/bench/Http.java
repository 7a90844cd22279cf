package dev.chatsessions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP with real bearer tokens, over java.net.http (HTTP/1.1, connections kept alive). */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String base;

    Http(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    String base() {
        return base;
    }

    /** POSTs JSON and returns the answer's body; anything but 2xx throws. */
    String post(String path, String token, String json) throws IOException, InterruptedException {
        var request = request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return check(client.send(request, HttpResponse.BodyHandlers.ofString()), "POST " + path);
    }

    String get(String path, String token) throws IOException, InterruptedException {
        return check(
                client.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString()), "GET " + path);
    }

    /**
     * POSTs JSON asking for Server-Sent Events ({@code Accept: text/event-stream}) and answers the response as it
     * comes, line by line; anything but 2xx throws. The 30 s timeout bounds the wait for the response's head only.
     */
    java.util.stream.Stream<String> postForLines(String path, String token, String json)
            throws IOException, InterruptedException {
        var request = request(path, token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<java.util.stream.Stream<String>> response =
                client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() / 100 != 2) {
            String body;
            try (var lines = response.body()) {
                body = String.join("\n", lines.limit(20).toList());
            }
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + body);
        }
        return response.body();
    }

    /** The status code, or -1 when nothing answers. */
    int status(String path) {
        try {
            return client.send(
                            request(path, null)
                                    .timeout(Duration.ofSeconds(2))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    JsonNode getJson(String path, String token) throws IOException, InterruptedException {
        return JSON.readTree(get(path, token));
    }

    JsonNode postJson(String path, String token, String json) throws IOException, InterruptedException {
        return JSON.readTree(post(path, token, json));
    }

    private HttpRequest.Builder request(String path, String token) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static String check(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            String body = response.body();
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": "
                    + (body.length() > 300 ? body.substring(0, 300) : body));
        }
        return response.body();
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
