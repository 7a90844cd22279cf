package dev.chatsessions.app.support;

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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The one local stand-in for an OpenAI-compatible endpoint, for the integration tests and the browser suite alike,
 * speaking the streaming protocol of {@code /v1/chat/completions} ({@code data: {chunk}} lines, a usage chunk when
 * {@code stream_options.include_usage} asks for it, then {@code data: [DONE]}). What it answers depends on a
 * marker in the last user message:
 * <ul>
 *   <li>none: to {@link #MODEL} "Hello", ", ", "world", "!" at once; to {@link #TYPING_MODEL} {@link #SHORT_REPLY}
 *       word by word, one every {@value #PAUSE_MILLIS} ms, slow enough to watch it grow in a page;</li>
 *   <li>{@code [steady]}: "s0 " … "s9 ", one every {@value #PAUSE_MILLIS} ms;</li>
 *   <li>{@code [medium]}: "m0 " … "m19 ", one every {@value #PAUSE_MILLIS} ms (about 3 s, for reloading during a
 *       reply);</li>
 *   <li>{@code [slow]}: "w0 " … "w299 ", one every 100 ms (about 30 s; tests stop it or walk away);</li>
 *   <li>{@code [forever]}: "f0 ", "f1 "… one every 100 ms until the client goes away (at most 10 minutes);</li>
 *   <li>{@code [break]}: "part1 ", "part2 ", "part3 ", then the connection breaks mid-stream;</li>
 *   <li>{@code [hang]}: the headers, then nothing for 10 s;</li>
 *   <li>{@code [stall]}: "first ", then nothing for 10 s;</li>
 *   <li>{@code [huge]}: 100 chunks of 100 characters ("L0000…") at once;</li>
 *   <li>{@code [nul]}: "a", NUL, "b", a lone NUL, "c", NUL (U+0000, which PostgreSQL cannot store);</li>
 *   <li>{@code [markdown]}: {@link #MARKDOWN_REPLY} a few characters a chunk;</li>
 *   <li>{@code [hostile]}: {@link #HOSTILE_REPLY}, markup that must show as text, a few characters a chunk;</li>
 *   <li>{@code [ratelimit]}: no stream, the model answers 429.</li>
 * </ul>
 * Started once for all tests ({@link #INSTANCE}); every request body is kept for inspection.
 */
public final class FakeOpenAi {

    public static final FakeOpenAi INSTANCE = new FakeOpenAi();
    /** The model whose default reply comes at once. */
    public static final String MODEL = "fake-model";
    /** The model whose default reply ({@link #SHORT_REPLY}) comes word by word. */
    public static final String TYPING_MODEL = "fake-model-typing";

    public static final String SHORT_REPLY = "Sure, here is a login form with two fields.";
    public static final String MARKDOWN_REPLY = """
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
    public static final String HOSTILE_REPLY =
            "Try <img src=x onerror=\"window.pwned=1\"> and <script>window.pwned=2</script> now";
    public static final long PAUSE_MILLIS = 150;

    private final ObjectMapper json = new ObjectMapper();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private FakeOpenAi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-openai");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The {@code --name=value} arguments that point an application's model client here, then {@code more}. */
    public static String[] arguments(String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.ai.openai.base-url=" + INSTANCE.baseUrl(),
                "--spring.ai.openai.api-key=test-key",
                "--spring.ai.openai.chat.options.model=" + MODEL));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The request whose last message contains {@code marker}. */
    public Optional<JsonNode> requestWith(String marker) {
        return requests.stream()
                .filter(r -> lastUserMessage(r).contains(marker))
                .reduce((first, second) -> second);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            JsonNode request = json.readTree(exchange.getRequestBody());
            requests.add(request);
            String last = lastUserMessage(request);
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
            if (last.contains("[hang]")) {
                pause(10_000);
                return;
            }
            if (last.contains("[stall]")) {
                send(out, chunk("first ", null));
                pause(10_000);
                return;
            }
            if (last.contains("[break]")) {
                stream(out, List.of("part1 ", "part2 ", "part3 "), 0);
                // an exception from the handler makes the server drop the connection without ending the body
                throw new IOException("stream broken on purpose");
            }
            Reply reply = reply(last, request.path("model").asText());
            stream(out, reply.pieces(), reply.pauseMillis());
            send(out, chunk(null, "stop"));
            if (request.path("stream_options").path("include_usage").asBoolean(false)) {
                send(out, usageChunk());
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** What to stream and how long to wait after each piece. */
    private record Reply(List<String> pieces, long pauseMillis) {}

    private static Reply reply(String last, String model) {
        if (last.contains("[forever]")) {
            return new Reply(numbered("f", 6_000), 100);
        } else if (last.contains("[slow]")) {
            return new Reply(numbered("w", 300), 100);
        } else if (last.contains("[steady]")) {
            return new Reply(numbered("s", 10), PAUSE_MILLIS);
        } else if (last.contains("[medium]")) {
            return new Reply(numbered("m", 20), PAUSE_MILLIS);
        } else if (last.contains("[huge]")) {
            List<String> chunks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                chunks.add(String.format("L%04d", i) + "x".repeat(95));
            }
            return new Reply(chunks, 0);
        } else if (last.contains("[nul]")) {
            return new Reply(List.of("a\u0000b", "\u0000", "c\u0000"), 0);
        } else if (last.contains("[markdown]")) {
            return new Reply(pieces(MARKDOWN_REPLY, 12), 0);
        } else if (last.contains("[hostile]")) {
            return new Reply(pieces(HOSTILE_REPLY, 12), 0);
        } else if (TYPING_MODEL.equals(model)) {
            List<String> words = new ArrayList<>();
            for (String word : SHORT_REPLY.split(" ")) {
                words.add(words.isEmpty() ? word : " " + word);
            }
            return new Reply(words, PAUSE_MILLIS);
        }
        return new Reply(List.of("Hello", ", ", "world", "!"), 0);
    }

    private void stream(OutputStream out, List<String> pieces, long pauseMillis) throws IOException {
        for (String piece : pieces) {
            send(out, chunk(piece, null));
            if (pauseMillis > 0) {
                pause(pauseMillis);
            }
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

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the fake model is slow on purpose; tests themselves never sleep
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ObjectNode base() {
        ObjectNode chunk = json.createObjectNode();
        chunk.put("id", "chatcmpl-fake");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1_700_000_000L);
        chunk.put("model", MODEL);
        return chunk;
    }

    private ObjectNode chunk(String content, String finishReason) {
        ObjectNode chunk = base();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("role", "assistant");
            delta.put("content", content);
        }
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private ObjectNode usageChunk() {
        ObjectNode chunk = base();
        chunk.putArray("choices");
        ObjectNode usage = chunk.putObject("usage");
        usage.put("prompt_tokens", 12);
        usage.put("completion_tokens", 4);
        usage.put("total_tokens", 16);
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
