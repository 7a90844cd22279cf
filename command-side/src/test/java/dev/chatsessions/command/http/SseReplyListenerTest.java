package dev.chatsessions.command.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.command.assistant.ReplyEventIds;
import dev.chatsessions.command.assistant.ReplyFailure;
import dev.chatsessions.command.assistant.ReplyOutcome;
import dev.chatsessions.command.assistant.ReplyRef;
import dev.chatsessions.command.assistant.ReplyStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A reply's readers are written on their own threads: one that stops reading holds up nothing and is let go. */
class SseReplyListenerTest {

    private static final UUID REPLY = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private final ExecutorService writers = Executors.newCachedThreadPool();

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    @Test
    @Timeout(30) // guards against a hang: were the reply held up by its slow reader, appending would never end
    void slowReaderIsDroppedAndHoldsUpNeitherTheReplyNorOtherReaders() {
        var stream = new ReplyStream();
        var stuck = new Sink(new CountDownLatch(1));
        var reading = new Sink(new CountDownLatch(0));
        var slow = new SseReplyListener(REPLY, stuck, writers, 1_000);
        var fast = new SseReplyListener(REPLY, reading, writers, 1_000_000);
        stream.subscribe(slow, 0);
        stream.subscribe(fast, 0);

        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String piece = String.format("%03d", i) + "x".repeat(97);
            stream.append(piece);
            reply.append(piece);
        }
        stream.finish(new ReplyOutcome(null, brokenOff()));

        await().atMost(10, TimeUnit.SECONDS).until(reading::completed);
        assertThat(reading.deltaText()).isEqualTo(reply.toString());
        assertThat(reading.eventNames()).endsWith("error");
        assertThat(slow.dropped()).isTrue();
        assertThat(fast.dropped()).isFalse();

        stuck.unblock();
        await().atMost(10, TimeUnit.SECONDS).until(stuck::completed);
        assertThat(stuck.deltaText().length()).isLessThanOrEqualTo(1_000);
        assertThat(stuck.eventNames()).doesNotContain("error");
    }

    @Test
    void readerThatFallsBehindWithinItsBufferGetsEveryPieceInOrder() {
        var stream = new ReplyStream();
        var gate = new CountDownLatch(1);
        var sink = new Sink(gate);
        var listener = new SseReplyListener(REPLY, sink, writers, 10_000);
        stream.subscribe(listener, 0);

        for (int i = 0; i < 50; i++) {
            stream.append("p" + i + " ");
        }
        stream.finish(new ReplyOutcome(null, null));
        gate.countDown();

        await().atMost(10, TimeUnit.SECONDS).until(sink::completed);
        assertThat(sink.deltaText())
                .isEqualTo(java.util.stream.IntStream.range(0, 50)
                        .mapToObj(i -> "p" + i + " ")
                        .collect(Collectors.joining()));
        assertThat(listener.dropped()).isFalse();
    }

    @Test
    void readerThatDisconnectedIsLetGoOfByTheReply() {
        var stream = new ReplyStream();
        var gone = new Sink(new CountDownLatch(0)) {
            @Override
            public void send(String id, String event, Object data) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        var listener = new SseReplyListener(REPLY, gone, writers, 10_000);
        stream.subscribe(listener, 0);

        stream.append("first ");
        await().atMost(10, TimeUnit.SECONDS).until(() -> !listener.delta("probe ", 100));
        assertThat(listener.dropped()).isFalse();
    }

    @Test
    void everyEventHasAnIdAndAReaderResumingAfterADeltaGetsExactlyTheRest() {
        var stream = new ReplyStream();
        stream.append("Hello");
        stream.append(", ");
        var sink = new Sink(new CountDownLatch(0));
        var resumed = new SseReplyListener(REPLY, sink, writers, 10_000);
        resumed.send("user-message", "question");
        stream.subscribe(resumed, ReplyEventIds.resumeAt(REPLY + ":5", REPLY));

        stream.append("world");
        stream.finish(new ReplyOutcome(null, brokenOff()));

        await().atMost(10, TimeUnit.SECONDS).until(sink::completed);
        assertThat(sink.deltaText()).isEqualTo(", world");
        assertThat(sink.ids()).containsExactly(REPLY + ":user-message", REPLY + ":7", REPLY + ":12", REPLY + ":error");
    }

    @Test
    void anIdOfAnotherReplyOrNoDeltaResumesFromTheStart() {
        assertThat(ReplyEventIds.resumeAt(null, REPLY)).isZero();
        assertThat(ReplyEventIds.resumeAt(UUID.randomUUID() + ":12", REPLY)).isZero();
        assertThat(ReplyEventIds.resumeAt(REPLY + ":user-message", REPLY)).isZero();
        assertThat(ReplyEventIds.resumeAt(REPLY + ":99999999999", REPLY)).isZero();
        assertThat(ReplyEventIds.resumeAt(REPLY + ":12", REPLY)).isEqualTo(12);
    }

    /** Records what it is sent; each send first waits for {@code gate}, like a reader that does not read. */
    private static class Sink implements SseReplyListener.Sink {
        private final CountDownLatch gate;
        private final List<Map.Entry<String, Object>> events = new CopyOnWriteArrayList<>();
        private final List<String> ids = new CopyOnWriteArrayList<>();
        private volatile boolean completed;

        Sink(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public void send(String id, String event, Object data) throws IOException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            events.add(Map.entry(event, data));
            ids.add(id);
        }

        @Override
        public void complete() {
            completed = true;
        }

        void unblock() {
            gate.countDown();
        }

        boolean completed() {
            return completed;
        }

        List<String> ids() {
            return ids;
        }

        List<String> eventNames() {
            return events.stream().map(Map.Entry::getKey).toList();
        }

        String deltaText() {
            return events.stream()
                    .filter(e -> e.getKey().equals("delta"))
                    .map(e -> ((Map<?, ?>) e.getValue()).get("text").toString())
                    .collect(Collectors.joining());
        }
    }

    private static ReplyFailure brokenOff() {
        return new ReplyFailure(
                new ReplyRef(UUID.randomUUID(), UUID.randomUUID()), ReplyFailure.Kind.MODEL_FAILED, "broke off");
    }
}
