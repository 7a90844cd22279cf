package dev.chatsessions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads one streamed reply of the {@link FakeModel}, either from the model itself (the baseline) or through the
 * service ({@code POST /api/chat-sessions/{id}/messages} with {@code Accept: text/event-stream}), with the same
 * client code: time to the first piece of text, and for every piece the time from the model writing it to this
 * client reading it (one clock: the model runs in this process).
 */
final class ReplyReader {

    private static final Pattern PIECE = Pattern.compile("t(\\d+) ");

    /**
     * One reply as read: nanoseconds from sending the request to the first event of any kind and to the first piece
     * of text, each piece's delay (model write -> read, nanoseconds), and whether it ended complete.
     */
    record Reading(long firstEventNanos, long firstTextNanos, long[] pieceDelays, int pieces, boolean complete) {}

    /** Called when the first piece of text arrives and when the reply ends, for counting replies in flight. */
    interface Progress {
        void firstText();

        void ended();
    }

    static final Progress NO_PROGRESS = new Progress() {
        @Override
        public void firstText() {}

        @Override
        public void ended() {}
    };

    private final FakeModel model;
    private final Http direct;

    ReplyReader(FakeModel model) {
        this.model = model;
        this.direct = new Http(model.baseUrl());
    }

    /** The baseline: the OpenAI streaming endpoint of the fake model, read directly. */
    Reading direct(String tag, int chunks) throws Exception {
        String body = "{\"model\":\"bench-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + Http.quote(FakeModel.ask(tag, chunks)) + "}]}";
        Pieces pieces = new Pieces(tag, chunks, System.nanoTime());
        try (Stream<String> lines = direct.postForLines("/v1/chat/completions", null, body)) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (!line.startsWith("data:")) {
                    continue;
                }
                pieces.event();
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    return pieces.reading(true);
                }
                JsonNode choice = Http.JSON.readTree(data).path("choices").path(0);
                pieces.text(choice.path("delta").path("content").asText(""));
            }
        } finally {
            model.forget(tag);
        }
        return pieces.reading(false);
    }

    /** Through the service: the user message posted with {@code Accept: text/event-stream}, read to its end. */
    Reading viaService(Http http, String token, UUID session, String tag, int chunks, Progress progress)
            throws Exception {
        Pieces pieces = new Pieces(tag, chunks, System.nanoTime());
        boolean counted = false;
        try (Stream<String> lines = http.postForLines(
                "/api/chat-sessions/" + session + "/messages",
                token,
                "{\"content\":" + Http.quote(FakeModel.ask(tag, chunks)) + "}")) {
            Iterator<String> it = lines.iterator();
            String event = "message";
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    pieces.event();
                    String data = line.substring(5);
                    switch (event) {
                        case "delta" -> {
                            if (!counted) {
                                counted = true;
                                progress.firstText();
                            }
                            pieces.text(Http.JSON.readTree(data).path("text").asText(""));
                        }
                        case "assistant-message" -> {
                            return pieces.reading("complete"
                                    .equals(Http.JSON
                                            .readTree(data)
                                            .path("status")
                                            .asText()));
                        }
                        case "error" -> throw new IllegalStateException("reply failed: " + data);
                        default -> {
                            // user-message, session
                        }
                    }
                } else if (line.isEmpty()) {
                    event = "message";
                }
            }
        } finally {
            if (counted) {
                progress.ended();
            }
            model.forget(tag);
        }
        return pieces.reading(false);
    }

    /** The pieces of one reply as they arrive. */
    private final class Pieces {
        private final String tag;
        private final long started;
        private final long[] delays;
        private int count;
        private long firstEvent = -1;
        private long firstText = -1;

        Pieces(String tag, int chunks, long started) {
            this.tag = tag;
            this.started = started;
            this.delays = new long[chunks];
        }

        void event() {
            if (firstEvent < 0) {
                firstEvent = System.nanoTime() - started;
            }
        }

        /** A piece of text may hold several of the model's pieces (a delta is not a token). */
        void text(String text) {
            long now = System.nanoTime();
            Matcher piece = PIECE.matcher(text);
            while (piece.find()) {
                if (firstText < 0) {
                    firstText = now - started;
                }
                long sent = model.sentAt(tag, Integer.parseInt(piece.group(1)));
                if (sent > 0 && count < delays.length) {
                    delays[count++] = now - sent;
                }
            }
        }

        Reading reading(boolean complete) {
            return new Reading(
                    firstEvent, firstText, Arrays.copyOf(delays, count), count, complete && count == delays.length);
        }
    }
}
