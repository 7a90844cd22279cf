package dev.chatsessions.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One server-side assistant reply as a browser asks for it: {@code POST /api/chat-sessions/{id}/messages} with
 * {@code Accept: text/event-stream}, the event stream read until the server ends it, or closed by this after
 * {@code longest}.
 */
final class ReplyStream {

    /** {@code secondsToFirstDelta}: from the request to the reply's first {@code delta} event, null without one. */
    record Outcome(
            int status,
            List<String> events,
            boolean endedByServer,
            double seconds,
            String failure,
            Double secondsToFirstDelta) {

        String lastEvent() {
            return events.isEmpty() ? null : events.get(events.size() - 1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ScheduledExecutorService closers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "reply-stream-closer");
        thread.setDaemon(true);
        return thread;
    });

    private static final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "reply-stream");
        thread.setDaemon(true);
        return thread;
    });

    private ReplyStream() {}

    /** Asks in {@code question}'s session, the user message with the question's own id and content. */
    static CompletableFuture<Outcome> ask(Http user, Load.Post question, Duration longest) {
        // a thread each: the common pool has one thread on a 2-core machine, and these block
        return CompletableFuture.supplyAsync(() -> read(user, question, longest), readers);
    }

    private static Outcome read(Http user, Load.Post question, Duration longest) {
        String sessionId = question.sessionId();
        long begun = System.nanoTime();
        List<String> events = new ArrayList<>();
        HttpRequest request = user.request("/api/chat-sessions/" + sessionId + "/messages", Duration.ofSeconds(10))
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        Http.json(Map.of("id", question.id().toString(), "content", question.content()))))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = user.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new Outcome(-1, events, false, ServerProcess.seconds(begun), e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, events, false, ServerProcess.seconds(begun), "interrupted", null);
        }
        boolean[] closedByUs = {false};
        InputStream body = response.body();
        var closer = closers.schedule(
                () -> {
                    closedByUs[0] = true;
                    try {
                        body.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                },
                longest.toMillis(),
                TimeUnit.MILLISECONDS);
        String failure = null;
        Double firstDelta = null;
        try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event:")) {
                    String event = line.substring("event:".length()).strip();
                    if (event.equals("delta") && firstDelta == null) {
                        firstDelta = ServerProcess.seconds(begun);
                    }
                    // deltas are many: keep the first and count the rest in the last entry
                    if (!event.equals("delta")
                            || events.isEmpty()
                            || !events.get(events.size() - 1).startsWith("delta")) {
                        events.add(event);
                    } else {
                        String last = events.remove(events.size() - 1);
                        int count = last.equals("delta") ? 1 : Integer.parseInt(last.substring("delta×".length()));
                        events.add("delta×" + (count + 1));
                    }
                }
            }
        } catch (IOException e) {
            failure = closedByUs[0] ? null : e.toString();
        }
        closer.cancel(false);
        return new Outcome(
                response.statusCode(), events, !closedByUs[0], ServerProcess.seconds(begun), failure, firstDelta);
    }

    /** The deltas a follower read: each one's SSE id and text. */
    record Deltas(int status, List<String> ids, List<String> texts) {

        String text() {
            return String.join("", texts);
        }

        String lastId() {
            return ids.get(ids.size() - 1);
        }

        /** Where the text read ends in the reply: the {@code end} of the last delta's id {@code {replyId}:{end}}. */
        int end() {
            return Integer.parseInt(lastId().substring(lastId().lastIndexOf(':') + 1));
        }
    }

    /**
     * Follows the session's running reply with {@code GET …/reply/stream} (after {@code lastEventId} unless null) until
     * {@code count} deltas arrived, then leaves, as a client that loses its connection.
     */
    static Deltas follow(Http user, String sessionId, String lastEventId, int count) throws IOException {
        HttpRequest.Builder request = user.request(
                        "/api/chat-sessions/" + sessionId + "/reply/stream", Duration.ofSeconds(10))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response;
        try {
            response = user.client().send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            String line;
            while (texts.size() < count && (line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    id = line.substring("id:".length()).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:") && "delta".equals(event)) {
                    ids.add(id);
                    texts.add(JSON.readTree(line.substring("data:".length()))
                            .get("text")
                            .asText());
                } else if (line.isEmpty()) {
                    id = null;
                    event = null;
                }
            }
        }
        return new Deltas(response.statusCode(), ids, texts);
    }

    /** Whether a reply is running in the session: {@code GET …/reply/stream} is 404 when none is. */
    static int runningReplyStatus(Http user, String sessionId) {
        HttpRequest request = user.request("/api/chat-sessions/" + sessionId + "/reply/stream", Duration.ofSeconds(10))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = user.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
