package dev.chatsessions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible model ({@code POST …/v1/chat/completions}, streamed) inside the benchmark's process, so that
 * the time it sends each piece and the time a client receives it are read from one clock. The last user message
 * names the reply: {@code reply=<tag> chunks=<n>}; the answer is the pieces {@code t0 }, {@code t1 }… {@code t<n-1> },
 * one every {@link #CHUNK_INTERVAL_MS} ms (the first at once), then the finish. {@link #sentAt} gives the
 * {@link System#nanoTime()} at which a piece was written to the socket.
 */
final class FakeModel implements AutoCloseable {

    static final int CHUNK_INTERVAL_MS = 20;
    private static final Pattern ASK = Pattern.compile("reply=(\\S+) chunks=(\\d+)");

    private final ServerSocket server;
    private final ExecutorService threads;
    private final Map<String, long[]> sent = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    FakeModel() throws IOException {
        server = new ServerSocket(0, 2048, InetAddress.getLoopbackAddress());
        threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(null, r, "fake-model", 256 * 1024);
            thread.setDaemon(true);
            return thread;
        });
        threads.submit(this::accept);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The user message that asks for {@code chunks} pieces, tagged {@code tag}. */
    static String ask(String tag, int chunks) {
        return "reply=" + tag + " chunks=" + chunks;
    }

    /** When piece {@code index} of reply {@code tag} was sent (nanoTime), or -1 when it was not. */
    long sentAt(String tag, int index) {
        long[] times = sent.get(tag);
        return times == null || index >= times.length ? -1 : times[index];
    }

    /** Forgets a reply's send times once the client has read it (1,000s of replies in a run). */
    void forget(String tag) {
        sent.remove(tag);
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        threads.shutdownNow();
    }

    private void accept() {
        while (open) {
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
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            if (!head.lines().findFirst().orElse("").contains("/chat/completions")) {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            Matcher ask = ASK.matcher(lastUserMessage(Http.JSON.readTree(readBody(in, head))));
            boolean tagged = ask.find();
            String tag = tagged ? ask.group(1) : "untagged";
            int chunks = tagged ? Integer.parseInt(ask.group(2)) : 3;
            long[] times = new long[chunks];
            sent.put(tag, times);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long next = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                times[i] = System.nanoTime();
                data(out, chunk("\"t" + i + " \"", "null"));
                next += CHUNK_INTERVAL_MS * 1_000_000L;
            }
            data(out, chunk(null, "\"stop\""));
            data(out, "[DONE]");
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the caller went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String chunk(String contentJson, String finishReasonJson) {
        return "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":"
                + (contentJson == null ? "{}" : "{\"role\":\"assistant\",\"content\":" + contentJson + "}")
                + ",\"finish_reason\":" + finishReasonJson + "}]}";
    }

    /** One SSE {@code data:} line as one HTTP chunk, flushed. */
    private static void data(OutputStream out, String data) throws IOException {
        byte[] bytes = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(bytes.length + 16);
        frame.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        frame.write(bytes);
        frame.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(frame.toByteArray());
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
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("transfer-encoding: chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int length = Integer.parseInt(readLine(in).strip().split(";")[0], 16);
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
