package dev.chatsessions.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code java -jar app/target/chat-sessions.jar}) as a child process on a loopback port and a
 * data dir of the test's. It can be killed ({@code kill -9}) and started again on the same port and data dir.
 * {@link #close()} kills whatever is still running, including the embedded PostgreSQL a killed server leaves
 * behind.
 */
final class ServerProcess implements AutoCloseable {

    private final String name;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> env;
    private final List<String> extraArgs;
    /** A main class other than the jar's own (a side apart), started through Spring Boot's PropertiesLauncher. */
    private String mainClass;

    private final List<Process> started = new ArrayList<>();

    /**
     * Servers of any scenario still running when the test JVM ends (surefire's fork timeout, a kill of the build):
     * stopped by a shutdown hook, so that no server outlives the suite even when {@link #close()} never ran.
     */
    private static final java.util.Set<ServerProcess> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> open.forEach(ServerProcess::close), "fault-servers-stop"));
    }

    private Process current;
    private int runs;

    private ServerProcess(String name, Path dataDir, int port, Map<String, String> env, List<String> extraArgs) {
        this.name = name;
        this.dataDir = dataDir;
        this.port = port;
        this.env = env;
        this.extraArgs = extraArgs;
    }

    /** A server not started yet; {@code env} adds to a child environment cleared of the service's own settings. */
    static ServerProcess prepare(String name, Map<String, String> env, List<String> extraArgs) {
        if (!Files.isRegularFile(FaultSettings.SERVER_JAR)) {
            throw new IllegalStateException("No server jar at " + FaultSettings.SERVER_JAR
                    + ": build it in the same reactor (-pl fault-tests -am)");
        }
        try {
            Path dir = Files.createDirectories(FaultSettings.WORK_DIR);
            return new ServerProcess(name, Files.createTempDirectory(dir, name + "-"), freePort(), env, extraArgs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A side apart ({@code dev.chatsessions.command.CommandSideApplication} or
     * {@code dev.chatsessions.query.QuerySideApplication}) from the same jar, as the compose profile "sides" starts it:
     * {@code java -cp chat-sessions.jar -Dloader.main=<class> org.springframework.boot.loader.launch.PropertiesLauncher}.
     */
    static ServerProcess prepareSide(String name, String mainClass, Map<String, String> env, List<String> extraArgs) {
        ServerProcess side = prepare(name, env, extraArgs);
        side.mainClass = mainClass;
        return side;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Starts the server (again) and waits until its health is UP; returns the seconds that took. */
    double start() {
        long begun = System.nanoTime();
        runs++;
        Path log = dataDir.resolve("server-" + runs + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FaultSettings.SERVER_JVM);
        if (mainClass == null) {
            command.addAll(List.of("-jar", FaultSettings.SERVER_JAR.toString()));
        } else {
            command.addAll(List.of(
                    "-cp",
                    FaultSettings.SERVER_JAR.toString(),
                    "-Dloader.main=" + mainClass,
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        }
        command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1", "--chat.data-dir=" + dataDir));
        command.addAll(FaultSettings.SERVER_ARGS);
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(dataDir.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SPRING_") || key.startsWith("CHAT_"));
        builder.environment().put("CHAT_SECURITY_JWT_HMAC_SECRET", FaultSettings.HMAC_SECRET);
        builder.environment().putAll(env);
        try {
            current = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        started.add(current);
        open.add(this);
        Process process = current;
        Http health = new Http(baseUrl(), null);
        await(name + " run " + runs + " healthy (log: " + log + ")")
                .atMost(FaultSettings.STARTUP)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(log));
                    }
                    return health.healthUp();
                });
        return seconds(begun);
    }

    /** {@code kill -9}: no shutdown hook runs; its embedded PostgreSQL, if any, is left running. */
    void kill() {
        current.destroyForcibly();
        try {
            if (!current.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return current != null && current.isAlive();
    }

    Path log() {
        return dataDir.resolve("server-" + runs + ".log");
    }

    /** Stops every process this started: the servers (SIGTERM, then SIGKILL) and a leftover embedded postmaster. */
    @Override
    public void close() {
        open.remove(this);
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        Postmasters.stop(dataDir.resolve("postgres"));
    }

    static double seconds(long fromNanos) {
        return Math.round((System.nanoTime() - fromNanos) / 1e7) / 100.0;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** PostgreSQL servers found through the {@code postmaster.pid} of their data directory. */
    static final class Postmasters {

        private Postmasters() {}

        static Optional<ProcessHandle> running(Path pgData) {
            Path pidFile = pgData.resolve("postmaster.pid");
            try {
                if (!Files.exists(pidFile)) {
                    return Optional.empty();
                }
                List<String> lines = Files.readAllLines(pidFile);
                if (lines.isEmpty() || lines.get(0).isBlank()) {
                    return Optional.empty();
                }
                return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info()
                                .command()
                                .map(c -> c.contains("postgres"))
                                .orElse(true));
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** SIGTERM (smart shutdown), then SIGKILL if it is still up after 30 s. */
        static void stop(Path pgData) {
            running(pgData).ifPresent(postmaster -> {
                postmaster.destroy();
                try {
                    postmaster.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    postmaster.destroyForcibly();
                }
            });
        }
    }
}
