package dev.chatsessions.app.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.ChatSessionsApplication;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real server in a JVM of its own, killed with SIGKILL: its embedded PostgreSQL outlives it on the data
 * directory. Started again there, the server must find and stop that leftover, come up healthy, and have lost
 * nothing it had answered for.
 */
class KillRecoveryIntegrationTest {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Path dataDir = DataDirs.fresh("kill");
    private final List<Process> servers = new ArrayList<>();

    @Test
    void serverKilledWithSigkillRestartsHealthyWithItsData() throws Exception {
        var first = startServer(1);
        Api api = first.api().asNewUser();
        JsonNode project = api.createProject("Before the crash");
        JsonNode session = api.createSession(project.get("id").asText());
        String sessionId = session.get("id").asText();
        api.postMessage(sessionId, "user", "Is this saved?");
        JsonNode last = api.postMessage(sessionId, "assistant", "Yes, it is.");
        JsonNode messages = api.messages(sessionId);

        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        long leftover = postmasterPid();
        assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive))
                .as("the killed server's PostgreSQL is left running")
                .hasValue(true);

        var second = startServer(2);
        Api again = second.api().as(api.userId());
        assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive).orElse(false))
                .as("the leftover PostgreSQL was stopped")
                .isFalse();
        assertThat(again.get("/api/projects/" + project.get("id").asText())
                        .expect(200)
                        .json())
                .isEqualTo(project);
        assertThat(again.session(sessionId)).isEqualTo(last.get("session"));
        assertThat(again.messages(sessionId)).isEqualTo(messages);
        assertThat(again.postMessage(sessionId, "user", "And after?")
                        .get("message")
                        .get("seq")
                        .asLong())
                .isEqualTo(3);

        second.process().destroy();
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS))
                .as("stops on SIGTERM")
                .isTrue();
    }

    @AfterEach
    void stopEverythingStarted() throws IOException {
        for (Process server : servers) {
            server.destroyForcibly();
        }
        for (Process server : servers) {
            server.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
        LeftoverPostmaster.stopIfRunning(dataDir.resolve("postgres"));
    }

    private Server startServer(int run) throws IOException {
        int port = freePort();
        Path log = dataDir.resolve("server-" + run + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var process = new ProcessBuilder(
                        java.toString(),
                        "-Xmx512m",
                        "-XX:TieredStopAtLevel=1",
                        "-Daxoniq.update-checker.disabled=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChatSessionsApplication.class.getName(),
                        "--server.port=" + port,
                        "--chat.data-dir=" + dataDir)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        servers.add(process);
        Api api = Api.at(port);
        await("server " + run + " healthy (log: " + log + ")")
                .atMost(STARTUP)
                .pollInterval(Duration.ofMillis(250))
                .ignoreException(UncheckedIOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(
                                "server " + run + " exited with " + process.exitValue() + ":\n" + tail(log));
                    }
                    var health = api.get("/actuator/health");
                    return health.status() == 200
                            && "UP".equals(health.json().path("status").asText());
                });
        return new Server(process, api);
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                .get(0)
                .strip());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private record Server(Process process, Api api) {}
}
