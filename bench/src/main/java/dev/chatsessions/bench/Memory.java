package dev.chatsessions.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Resident memory from /proc: a process's VmRSS, and the embedded PostgreSQL's processes all together. */
final class Memory {

    private Memory() {}

    /** kB of the first line of /proc/pid/status or /proc/pid/smaps_rollup starting with {@code field}; 0 if gone. */
    static long kb(long pid, String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static long rssKb(long pid) {
        return kb(pid, "status", "VmRSS:");
    }

    /** The postmaster (first line of postmaster.pid) and its children. */
    static List<Long> postgresPids(Path pgData) {
        List<Long> pids = new ArrayList<>();
        try {
            long postmaster = Long.parseLong(
                    Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
            pids.add(postmaster);
            try (var procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .forEach(p -> {
                            try {
                                String stat = Files.readString(p.resolve("stat"));
                                String[] after = stat.substring(stat.lastIndexOf(')') + 2)
                                        .split(" ");
                                if (Long.parseLong(after[1]) == postmaster) {
                                    pids.add(Long.parseLong(p.getFileName().toString()));
                                }
                            } catch (IOException | RuntimeException ignored) {
                                // gone meanwhile
                            }
                        });
            }
        } catch (IOException | RuntimeException e) {
            return pids;
        }
        return pids;
    }

    /** Samples a JVM's RSS and PostgreSQL's total RSS and PSS (shared buffers counted once) every 250 ms. */
    static final class Sampler implements AutoCloseable {
        final AtomicLong maxJvmKb = new AtomicLong();
        final AtomicLong maxPgRssKb = new AtomicLong();
        final AtomicLong maxPgPssKb = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler(long jvmPid, Path pgData) {
            thread = new Thread(
                    () -> {
                        while (running) {
                            maxJvmKb.accumulateAndGet(rssKb(jvmPid), Math::max);
                            if (pgData != null) {
                                long rss = 0;
                                long pss = 0;
                                for (long pid : postgresPids(pgData)) {
                                    rss += rssKb(pid);
                                    pss += kb(pid, "smaps_rollup", "Pss:");
                                }
                                maxPgRssKb.accumulateAndGet(rss, Math::max);
                                maxPgPssKb.accumulateAndGet(pss, Math::max);
                            }
                            LoadGenerator.sleepQuietly(250);
                        }
                    },
                    "memory-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
