package dev.chatsessions.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible chat-completions endpoint ({@code POST …/chat/completions}, streamed as {@code data:} chunks)
 * that misbehaves on demand, by a marker in the last user message:
 * <ul>
 *   <li>{@value #HANG}: the response headers, then nothing, the connection held open;</li>
 *   <li>{@value #FOREVER}: 200 characters every 20 ms (10,000 a second) and never a finish;</li>
 *   <li>{@value #SLOW}: a word every 250 ms and never a finish, a reply that stays {@code streaming} for as long as
 *       its node lives (until the node's own reply bounds end it);</li>
 *   <li>{@value #TRICKLE}: a complete reply of 12 words, one every 250 ms (3 s in all), to see whether a stream is
 *       passed on as it comes or held until its end;</li>
 *   <li>{@value #RESET}: three chunks, then the TCP connection reset (RST, not a clean close);</li>
 *   <li>{@value #NUL}: a complete reply with U+0000 in it, "Hello\u0000 world", which must be stored without it;</li>
 *   <li>none: a short complete reply, {@value #REPLY}.</li>
 * </ul>
 * It speaks HTTP/1.1 over a plain socket (not the JDK's HTTP server) so that it can reset the connection. A hung
 * or endless answer lasts until the caller goes away or this is closed, and never longer than
 * {@link #LONGEST}. The app's tests have a fake model too ({@code FakeOpenAi}, package-private in its test
 * sources, with a 10-s hang and no endless stream or reset); this one is the suite's own.
 */
final class FaultyModel implements AutoCloseable {

    static final String HANG = "[hang]";
    static final String FOREVER = "[forever]";
    static final String RESET = "[reset]";
    static final String SLOW = "[slow]";
    static final String TRICKLE = "[trickle]";
    static final int TRICKLE_WORDS = 12;
    static final String NUL = "[nul]";
    static final String REPLY = "Hello from the faulty model.";
    private static final Duration LONGEST = Duration.ofMinutes(5);

    private final ServerSocket server;
    private final ExecutorService threads;
    private final CountDownLatch closing = new CountDownLatch(1);
    final List<String> asked = new CopyOnWriteArrayList<>();

    FaultyModel() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "faulty-model");
            thread.setDaemon(true);
            return thread;
        });
        threads.submit(this::accept);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }

    private void accept() {
        while (closing.getCount() > 0) {
            try {
                Socket socket = server.accept();
                threads.submit(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            String requestLine = head.lines().findFirst().orElse("");
            if (!requestLine.contains("/chat/completions")) {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String last = lastUserMessage(Http.JSON.readTree(readBody(in, head)));
            asked.add(last);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (last.contains(HANG)) {
                closing.await(LONGEST.toMillis(), TimeUnit.MILLISECONDS);
            } else if (last.contains(FOREVER)) {
                String piece = "forever ".repeat(25);
                long end = System.nanoTime() + LONGEST.toNanos();
                while (System.nanoTime() < end && !closing.await(20, TimeUnit.MILLISECONDS)) {
                    chunk(out, piece, null); // throws once the caller has gone away
                }
            } else if (last.contains(SLOW)) {
                long end = System.nanoTime() + LONGEST.toNanos();
                while (System.nanoTime() < end && !closing.await(250, TimeUnit.MILLISECONDS)) {
                    chunk(out, "slowly ", null); // throws once the caller has gone away
                }
            } else if (last.contains(TRICKLE)) {
                for (int word = 0; word < TRICKLE_WORDS && !closing.await(250, TimeUnit.MILLISECONDS); word++) {
                    chunk(out, "drop ", null);
                }
                chunk(out, null, "stop");
                data(out, "[DONE]");
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } else if (last.contains(RESET)) {
                for (String piece : List.of("part1 ", "part2 ", "part3 ")) {
                    chunk(out, piece, null);
                }
                socket.setSoLinger(true, 0); // closing now sends RST
            } else {
                List<String> pieces = last.contains(NUL)
                        ? List.of("Hello", "\u0000", " world")
                        : List.of("Hello ", "from the ", "faulty model.");
                for (String piece : pieces) {
                    chunk(out, piece, null);
                }
                chunk(out, null, "stop");
                data(out, "[DONE]");
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the caller went away, or the reset above
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void chunk(OutputStream out, String content, String finishReason) throws IOException {
        ObjectNode chunk = Http.JSON.createObjectNode();
        chunk.put("id", "chatcmpl-faulty");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1_700_000_000L);
        chunk.put("model", "faulty-model");
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
        data(out, Http.JSON.writeValueAsString(chunk));
    }

    /** One SSE {@code data:} line, as one HTTP chunk. */
    private static void data(OutputStream out, String data) throws IOException {
        byte[] bytes = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) {
                throw new IOException("request head too long");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("transfer-encoding: chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in).strip();
                int length = Integer.parseInt(size.split(";")[0], 16);
                if (length == 0) {
                    readLine(in);
                    return body.toByteArray();
                }
                body.write(in.readNBytes(length));
                readLine(in);
            }
        }
        for (String line : lower.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return in.readNBytes(Integer.parseInt(
                        line.substring("content-length:".length()).strip()));
            }
        }
        return new byte[0];
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
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
