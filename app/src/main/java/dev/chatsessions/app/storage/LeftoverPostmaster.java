package dev.chatsessions.app.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server whose JVM was killed ({@code kill -9}) leaves its postmaster running on the data directory, and a new
 * start would be refused. This finds it through {@code postmaster.pid} and shuts it down the way PostgreSQL
 * expects (SIGTERM: no new connections, then a clean checkpoint), before the data directory is used again.
 */
final class LeftoverPostmaster {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);

    private LeftoverPostmaster() {}

    static void stopIfRunning(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).strip());
        ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .ifPresent(LeftoverPostmaster::stop);
    }

    private static void stop(ProcessHandle postmaster) {
        log.warn(
                "PostgreSQL (pid {}) from an earlier run is still up on the data directory; stopping it",
                postmaster.pid());
        postmaster.destroy();
        try {
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn(
                    "PostgreSQL (pid {}) did not stop in time; killing it, it recovers on the next start",
                    postmaster.pid());
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        }
    }
}
