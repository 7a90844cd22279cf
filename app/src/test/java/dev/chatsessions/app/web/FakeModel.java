package dev.chatsessions.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat-completions endpoint for the browser tests, slow enough to watch: one word every
 * {@value #PAUSE_MILLIS} ms. What it says depends on a marker in the last user message:
 * <ul>
 *   <li>none: {@link #SHORT_REPLY};</li>
 *   <li>{@code [medium]}: "m0 " … "m19 " (about 3 s, for reloading during a reply);</li>
 *   <li>{@code [long]}: "w0 " … "w199 " (about 30 s, for stopping one);</li>
 *   <li>{@code [break]}: "part1 ", "part2 ", then the connection breaks;</li>
 *   <li>{@code [markdown]}: {@link #MARKDOWN_REPLY} a few characters at a time;</li>
 *   <li>{@code [hostile]}: {@link #HOSTILE_REPLY}, markup that must show as text;</li>
 *   <li>{@code [ratelimit]}: no reply, the model answers 429.</li>
 * </ul>
 */
final class FakeModel {

    static final String SHORT_REPLY = "Sure, here is a login form with two fields.";
    static final String MARKDOWN_REPLY = """
            Here is **the plan**:

            ```js
            const answer = 42;
            ```

            | step | done |
            |------|------|
            | form | yes |

            - [x] write it
            - [ ] test it
            """;
    static final String HOSTILE_REPLY =
            "Try <img src=x onerror=\"window.pwned=1\"> and <script>window.pwned=2</script> now";
    static final long PAUSE_MILLIS = 150;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;

    FakeModel() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-model");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String last = lastUserMessage(json.readTree(exchange.getRequestBody()));
            if (last.contains("[ratelimit]")) {
                byte[] body = "{\"error\":{\"message\":\"Rate limit reached\"}}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(429, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            if (last.contains("[break]")) {
                words(out, List.of("part1 ", "part2 "));
                throw new IOException("stream broken on purpose"); // the server drops the connection mid-body
            }
            if (last.contains("[medium]")) {
                words(out, numbered("m", 20));
            } else if (last.contains("[markdown]")) {
                words(out, pieces(MARKDOWN_REPLY, 12));
            } else if (last.contains("[hostile]")) {
                words(out, pieces(HOSTILE_REPLY, 12));
            } else if (last.contains("[long]")) {
                words(out, numbered("w", 200));
            } else {
                List<String> words = new ArrayList<>();
                for (String word : SHORT_REPLY.split(" ")) {
                    words.add(words.isEmpty() ? word : " " + word);
                }
                words(out, words);
            }
            send(out, chunk(null, "stop"));
            ObjectNode usage = base();
            usage.putArray("choices");
            usage.putObject("usage")
                    .put("prompt_tokens", 10)
                    .put("completion_tokens", 5)
                    .put("total_tokens", 15);
            send(out, usage);
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(prefix + i + " ");
        }
        return words;
    }

    private static List<String> pieces(String text, int size) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            pieces.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return pieces;
    }

    private void words(OutputStream out, List<String> words) throws IOException {
        for (String word : words) {
            send(out, chunk(word, null));
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ObjectNode base() {
        ObjectNode chunk = json.createObjectNode();
        chunk.put("id", "x");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1_700_000_000L);
        chunk.put("model", "fake");
        return chunk;
    }

    private ObjectNode chunk(String content, String finishReason) {
        ObjectNode chunk = base();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("content", content);
        }
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static String lastUserMessage(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return messages.get(i).path("content").asText();
            }
        }
        return "";
    }
}
