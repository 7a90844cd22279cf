package dev.chatsessions.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local stand-in for an OpenAI-compatible endpoint, speaking the streaming protocol of {@code /v1/chat/completions}
 * ({@code data: {chunk}} lines, a usage chunk when {@code stream_options.include_usage} asks for it, then
 * {@code data: [DONE]}). What it answers depends on a marker in the last user message:
 * <ul>
 *   <li>none: "Hello", ", ", "world", "!" at once, finish reason {@code stop};</li>
 *   <li>{@code [steady]}: "s0 " … "s9 ", one every 150 ms;</li>
 *   <li>{@code [slow]}: "w0 " … "w299 ", one every 100 ms (about 30 s; tests stop it or walk away);</li>
 *   <li>{@code [break]}: "part1 ", "part2 ", "part3 ", then the connection breaks mid-stream;</li>
 *   <li>{@code [hang]}: the headers, then nothing for 10 s;</li>
 *   <li>{@code [long]}: 100 chunks of 100 characters ("L0000…") at once;</li>
 *   <li>{@code [forever]}: "f0 ", "f1 "… one every 100 ms until the client goes away (at most 10 minutes);</li>
 *   <li>{@code [nul]}: "a", NUL, "b", a lone NUL, "c", NUL (U+0000, which PostgreSQL cannot store).</li>
 * </ul>
 * Started once for all tests ({@link #INSTANCE}); every request body is kept for inspection.
 */
public final class FakeOpenAi {

    public static final FakeOpenAi INSTANCE = new FakeOpenAi();
    public static final String MODEL = "fake-model";

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
        List<String> arguments = new java.util.ArrayList<>(List.of(
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
            boolean usage = request.path("stream_options").path("include_usage").asBoolean(false);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            if (last.contains("[hang]")) {
                pause(10_000);
                return;
            }
            if (last.contains("[break]")) {
                for (String piece : List.of("part1 ", "part2 ", "part3 ")) {
                    send(out, chunk(piece, null));
                }
                // an exception from the handler makes the server drop the connection without ending the body
                throw new IOException("stream broken on purpose");
            }
            if (last.contains("[forever]")) {
                stream(out, "f", 6_000, 100);
            } else if (last.contains("[long]")) {
                for (int i = 0; i < 100; i++) {
                    send(out, chunk(String.format("L%04d", i) + "x".repeat(95), null));
                }
            } else if (last.contains("[nul]")) {
                for (String piece : List.of("a\u0000b", "\u0000", "c\u0000")) {
                    send(out, chunk(piece, null));
                }
            } else if (last.contains("[steady]")) {
                stream(out, "s", 10, 150);
            } else if (last.contains("[slow]")) {
                stream(out, "w", 300, 100);
            } else {
                for (String piece : List.of("Hello", ", ", "world", "!")) {
                    send(out, chunk(piece, null));
                }
            }
            send(out, chunk(null, "stop"));
            if (usage) {
                send(out, usageChunk());
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private void stream(OutputStream out, String prefix, int count, long pauseMillis) throws IOException {
        for (int i = 0; i < count; i++) {
            send(out, chunk(prefix + i + " ", null));
            pause(pauseMillis);
        }
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
        ArrayNode messages = (ArrayNode) request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return messages.get(i).path("content").asText();
            }
        }
        return "";
    }
}
