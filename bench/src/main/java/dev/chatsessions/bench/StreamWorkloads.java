package dev.chatsessions.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Streamed replies of the {@link FakeModel} (a piece every 20 ms): {@code stream}, 100 clients each reading reply
 * after reply, through the service and, as the baseline in the same run, straight from the model; and
 * {@code streams-1000}, a thousand replies started at once on one node.
 */
final class StreamWorkloads {

    /** Pieces per reply in {@code stream}: 20 pieces 20 ms apart, a reply of about 0.4 s. */
    static final int STREAM_PIECES = 20;

    /** The figure; {@code --stream-clients} runs another, to see the path's cost below saturation. */
    static final int STREAM_CLIENTS = 100;

    static final int CONCURRENT_REPLIES = 1000;
    private static final Duration LONGEST_WARMUP = Duration.ofMinutes(3);

    private final ReplyReader reader;
    private final Duration warmup;
    private final Duration measure;
    private final AtomicLong tags = new AtomicLong();

    private final int clients;

    StreamWorkloads(ReplyReader reader, int clients, Duration warmup, Duration measure) {
        this.clients = clients;
        this.reader = reader;
        this.warmup = warmup;
        this.measure = measure;
    }

    /** One reply read by one client. */
    @FunctionalInterface
    interface ReplyOp {
        ReplyReader.Reading read(int client, String tag) throws Exception;
    }

    /** Time to the first piece of text and each piece's delay, of one way to read replies. */
    record Timings(Result firstText, Result pieces) {}

    /** The baseline: every client reads replies straight from the model. */
    Timings direct(String name) {
        return run(name, (client, tag) -> reader.direct(tag, STREAM_PIECES));
    }

    /** Every client posts to its own session and reads the service's stream of the reply. */
    Timings viaService(String name, Http http, String token, List<UUID> sessions) {
        return run(
                name,
                (client, tag) -> reader.viaService(
                        http, token, sessions.get(client), tag, STREAM_PIECES, ReplyReader.NO_PROGRESS));
    }

    /**
     * Closed loop as {@link LoadGenerator}: each client reads replies back to back; a reply that starts in the
     * measured window counts, whole. A reply that ends incomplete (or fails) is an error. The window opens after the
     * warm-up and once every client has read one reply (at most {@link #LONGEST_WARMUP} later): a server's first
     * replies pay for its cold code paths, and on a loaded machine a hundred of them at once took 30 s.
     */
    private Timings run(String name, ReplyOp op) {
        long start = System.nanoTime();
        AtomicLong windowOpens = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch warm = new CountDownLatch(clients);
        Histogram firstText = new Histogram(3_600_000_000L, 3);
        Histogram firstEvent = new Histogram(3_600_000_000L, 3);
        Histogram pieces = new Histogram(3_600_000_000L, 3);
        AtomicLong replies = new AtomicLong();
        AtomicLong repliesAll = new AtomicLong();
        AtomicLong longestNanos = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(
                    null,
                    () -> {
                        boolean first = true;
                        while (true) {
                            long began = System.nanoTime();
                            long measureFrom = windowOpens.get();
                            if (measureFrom != Long.MAX_VALUE && began >= measureFrom + measure.toNanos()) {
                                return;
                            }
                            boolean counted = began >= measureFrom;
                            String tag = name + "-" + tags.incrementAndGet();
                            try {
                                ReplyReader.Reading reading = op.read(client, tag);
                                if (!reading.complete()) {
                                    throw new IllegalStateException(
                                            "incomplete: " + reading.pieces() + " of " + STREAM_PIECES + " pieces");
                                }
                                repliesAll.incrementAndGet();
                                longestNanos.accumulateAndGet(System.nanoTime() - began, Math::max);
                                if (counted) {
                                    synchronized (pieces) {
                                        firstText.recordValue(micros(reading.firstTextNanos()));
                                        firstEvent.recordValue(micros(reading.firstEventNanos()));
                                        for (long delay : reading.pieceDelays()) {
                                            pieces.recordValue(micros(delay));
                                        }
                                    }
                                    replies.incrementAndGet();
                                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                                }
                            } catch (Exception e) {
                                if (counted) {
                                    errors.incrementAndGet();
                                }
                                firstError.compareAndSet(null, e.toString());
                                LoadGenerator.sleepQuietly(10);
                            }
                            if (first) {
                                first = false;
                                warm.countDown();
                            }
                        }
                    },
                    name + "-" + i,
                    512 * 1024);
            thread.start();
            threads.add(thread);
        }
        try {
            warm.await(LONGEST_WARMUP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long measureFrom = Math.max(System.nanoTime(), start + warmup.toNanos());
        long end = measureFrom + measure.toNanos();
        lastEnd.set(end);
        windowOpens.set(measureFrom);
        join(threads, end);
        if (firstError.get() != null) {
            System.err.printf("  %s: %d errors in the window; first: %s%n", name, errors.get(), firstError.get());
        }
        if (replies.get() == 0) {
            System.err.printf(
                    "  %s: no reply started in the window ended (%d replies in all, the longest %.1f s)%n",
                    name, repliesAll.get(), longestNanos.get() / 1e9);
        }
        double seconds = (lastEnd.get() - measureFrom) / 1e9;
        Result text = new Result(name + "-first-text", clients, replies.get(), errors.get(), seconds, firstText, null)
                .with("measures", "request sent -> first piece of the reply's text read (ops/s: replies)")
                .with("first_event_p50_ms", firstEvent.getValueAtPercentile(50) / 1000.0)
                .with("first_event_p99_ms", firstEvent.getValueAtPercentile(99) / 1000.0)
                .with("warmup_s", Bench.round((measureFrom - start) / 1e9))
                .with("replies_with_warmup", repliesAll.get())
                .with("longest_reply_ms", longestNanos.get() / 1_000_000)
                .with("pieces_per_reply", STREAM_PIECES)
                .with("piece_interval_ms", FakeModel.CHUNK_INTERVAL_MS);
        Result chunk = new Result(
                        name + "-chunks", clients, pieces.getTotalCount(), errors.get(), seconds, pieces, null)
                .with("measures", "each piece: the model writing it -> the client reading it (ops/s: pieces)");
        return new Timings(text, chunk);
    }

    /**
     * A thousand replies started at once, each on its own session, 50 pieces (1 s) each; every one must end
     * complete. Records each reply's whole time (post -> saved reply read), the most in flight at once (first text
     * read, end not yet) and the server's peak RSS.
     */
    Result thousand(Http http, String token, List<UUID> sessions, long serverPid, Path pgData) {
        int pieces = 50;
        Histogram whole = new Histogram(3_600_000_000L, 3);
        Histogram firstText = new Histogram(3_600_000_000L, 3);
        AtomicLong complete = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peakInFlight = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        ReplyReader.Progress progress = new ReplyReader.Progress() {
            @Override
            public void firstText() {
                peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }

            @Override
            public void ended() {
                inFlight.decrementAndGet();
            }
        };
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long started;
        try (var memory = new Memory.Sampler(serverPid, pgData)) {
            for (int i = 0; i < sessions.size(); i++) {
                UUID session = sessions.get(i);
                Thread thread = new Thread(
                        null,
                        () -> {
                            try {
                                go.await();
                                long began = System.nanoTime();
                                ReplyReader.Reading reading = reader.viaService(
                                        http, token, session, "thousand-" + tags.incrementAndGet(), pieces, progress);
                                if (!reading.complete()) {
                                    throw new IllegalStateException(
                                            "incomplete: " + reading.pieces() + " of " + pieces + " pieces");
                                }
                                synchronized (whole) {
                                    whole.recordValue(micros(System.nanoTime() - began));
                                    firstText.recordValue(micros(reading.firstTextNanos()));
                                }
                                complete.incrementAndGet();
                            } catch (Exception e) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, e.toString());
                            }
                        },
                        "thousand-" + i,
                        512 * 1024);
                thread.start();
                threads.add(thread);
            }
            started = System.nanoTime();
            go.countDown();
            join(threads, started + TimeUnit.MINUTES.toNanos(3));
            memory.close();
            if (firstError.get() != null) {
                System.err.printf(
                        "  streams-1000: %d replies failed or incomplete; first: %s%n", errors.get(), firstError.get());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(
                            "streams-" + sessions.size(),
                            sessions.size(),
                            complete.get(),
                            errors.get(),
                            seconds,
                            whole,
                            null)
                    .with("measures", "each reply's whole time: post -> saved reply read (ops/s: replies completed)")
                    .with("replies", sessions.size())
                    .with("complete", complete.get())
                    .with("pieces_per_reply", pieces)
                    .with("first_text_p50_ms", firstText.getValueAtPercentile(50) / 1000.0)
                    .with("first_text_p99_ms", firstText.getValueAtPercentile(99) / 1000.0)
                    .with("peak_in_flight", peakInFlight.get())
                    .with("jvm_rss_mb", memory.maxJvmKb.get() / 1024)
                    .with("postgres_rss_sum_mb", memory.maxPgRssKb.get() / 1024)
                    .with("postgres_pss_mb", memory.maxPgPssKb.get() / 1024);
        }
    }

    private static long micros(long nanos) {
        return Math.max(1, nanos / 1000);
    }

    /** Waits for every client until two minutes after {@code endNanos} in all, then interrupts the stragglers. */
    private static void join(List<Thread> threads, long endNanos) {
        long graceEnd = endNanos + TimeUnit.MINUTES.toNanos(2);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (graceEnd - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.forEach(Thread::interrupt);
    }
}
