package dev.chatsessions.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 17 of the test's own (the zonky binaries the app embeds), on a fixed loopback port and a data dir that
 * is kept, so that it can be crashed ({@code pg_ctl stop -m immediate}: every server process quits at once,
 * without a checkpoint, as after a power loss of the database alone) and started again on the same data, where it
 * runs crash recovery. The server under test reaches it as an external database.
 */
final class CrashablePostgres implements AutoCloseable {

    private final Path pgData;
    private final Path log;
    private final int port;
    private EmbeddedPostgres current;

    private CrashablePostgres(Path dir, int port) {
        this.pgData = dir.resolve("pgdata");
        this.log = dir.resolve("postgres.log");
        this.port = port;
    }

    static CrashablePostgres start(Path dir) {
        try {
            Files.createDirectories(dir);
            CrashablePostgres postgres = new CrashablePostgres(dir, ServerProcess.freePort());
            postgres.start();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String user() {
        return "postgres";
    }

    private static final java.util.Set<Path> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        // a PostgreSQL the suite started never outlives it, even when close() never ran
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> running.forEach(ServerProcess.Postmasters::stop), "fault-postgres-stop"));
    }

    /** Starts the server on the data dir (initialised on the first start only) and the fixed port. */
    void start() {
        running.add(pgData);
        try {
            current = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    // durable like a production database (the library's defaults are not)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on " + pgData + " (log: " + log + ")", e);
        }
    }

    /** {@code pg_ctl stop -m immediate}, waiting until the postmaster is gone. */
    void crash() {
        ProcessHandle postmaster =
                ServerProcess.Postmasters.running(pgData).orElseThrow(() -> new IllegalStateException("not running"));
        Path pgCtl = Path.of(postmaster.info().command().orElseThrow()).resolveSibling("pg_ctl");
        try {
            Process stop = new ProcessBuilder(List.of(
                            pgCtl.toString(), "stop", "-D", pgData.toString(), "-m", "immediate", "-w", "-t", "30"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!stop.waitFor(40, TimeUnit.SECONDS) || stop.exitValue() != 0) {
                stop.destroyForcibly();
                postmaster.destroyForcibly(); // kill -9: a crash all the same
            }
            postmaster.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not crash PostgreSQL (log: " + log + ")", e);
        }
        releaseQuietly();
    }

    /** The library's handle on the crashed server only holds a lock on the data dir now; its own stop fails. */
    private void releaseQuietly() {
        try {
            current.close();
        } catch (IOException | RuntimeException ignored) {
            // the server is down already: nothing to stop
        }
    }

    @Override
    public void close() {
        if (current != null) {
            releaseQuietly();
        }
        ServerProcess.Postmasters.stop(pgData);
        running.remove(pgData);
    }
}
