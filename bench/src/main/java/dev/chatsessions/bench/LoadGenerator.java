package dev.chatsessions.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: {@code clients} threads, each running its operation back to back, first for the warm-up, then
 * for the measured window. Every operation that starts inside the window counts, with its whole latency, even when
 * it ends after the window (so that a stall is not hidden); an operation that fails in the window is an error.
 * Every loop is bounded by time (and each HTTP call by a 30 s timeout).
 */
final class LoadGenerator {

    /** One operation; returns the value to record in nanoseconds, or a negative number to record its duration. */
    @FunctionalInterface
    interface Op {
        long run(int client) throws Exception;
    }

    private LoadGenerator() {}

    static Result run(String name, int clients, Duration warmup, Duration measure, Op op) {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<Histogram> histograms = new ArrayList<>();
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Histogram histogram = new Histogram(3_600_000_000L, 3);
            histograms.add(histogram);
            Thread thread = new Thread(
                    () -> {
                        while (true) {
                            long began = System.nanoTime();
                            if (began >= end) {
                                return;
                            }
                            boolean counted = began >= measureFrom;
                            try {
                                long value = op.run(client);
                                if (counted) {
                                    histogram.recordValue(
                                            Math.max(1, (value >= 0 ? value : System.nanoTime() - began) / 1000));
                                    count.incrementAndGet();
                                }
                            } catch (Exception e) {
                                if (counted || System.nanoTime() >= measureFrom) {
                                    errors.incrementAndGet();
                                }
                                firstError.compareAndSet(null, e.toString());
                                sleepQuietly(10);
                            }
                        }
                    },
                    name + "-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (end - System.nanoTime()) / 1_000_000) + 120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Histogram all = new Histogram(3_600_000_000L, 3);
        histograms.forEach(all::add);
        if (firstError.get() != null) {
            System.err.printf("  %s: %d errors in the window; first: %s%n", name, errors.get(), firstError.get());
        }
        return new Result(name, clients, count.get(), errors.get(), measure.toNanos() / 1e9, all, null);
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
