package dev.chatsessions.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM the benchmark starts and stops: the chat-sessions server or the jpa-crud peer. */
final class ChildProcess implements AutoCloseable {

    final Process process;
    final long startedNanos;
    final int port;
    final Path log;
    final Http http;

    private ChildProcess(Process process, long startedNanos, int port, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.port = port;
        this.log = log;
        this.http = new Http("http://127.0.0.1:" + port);
    }

    static ChildProcess start(List<String> command, int port, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ChildProcess(process, started, port, log);
    }

    static List<String> java(List<String> jvmOptions, String... rest) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(rest));
        return command;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the process has used so far (user + system, from /proc; its children not included). */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 1/100 s on Linux
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Waits until {@code path} answers 200 (health UP); returns the seconds from process start. Throws after
     * {@code timeoutSeconds} or when the process dies.
     */
    double awaitReady(String path, int timeoutSeconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("child exited with " + process.exitValue() + "; see " + log);
            }
            if (http.status(path) == 200) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            LoadGenerator.sleepQuietly(50);
        }
        throw new IllegalStateException("not ready after " + timeoutSeconds + " s; see " + log);
    }

    /** SIGTERM (graceful shutdown), then a kill after a minute. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
