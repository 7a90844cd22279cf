package dev.chatsessions.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}, installed by {@code .ci/run} where missing) as a child process, running
 * the compose profile's own {@code deploy/nginx/nginx.conf}. The copy it runs differs only where a test machine
 * must: the upstream's server lines name the test's loopback nodes, and it listens on a free loopback port. It runs
 * in the foreground ({@code daemon off}) with a prefix directory of its own, so no root and no system files are
 * needed; {@link #close()} (or the JVM's shutdown hook) stops it.
 */
final class NginxProcess implements AutoCloseable {

    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final Path CONF = Path.of(System.getProperty("faults.nginx-conf", "../deploy/nginx/nginx.conf"))
            .toAbsolutePath()
            .normalize();

    /** The compose profile "sides"' configuration, beside {@link #CONF}. */
    static final Path SIDES_CONF = CONF.resolveSibling("sides.conf");

    private static final Pattern UPSTREAM = Pattern.compile("upstream (\\w+) \\{([^}]*)}");
    private static final Pattern SERVER_LINE = Pattern.compile("[ \\t]*server [^;\\n]+;\\n");
    private static final Pattern LISTEN = Pattern.compile("listen \\d+;");
    private static final Set<NginxProcess> open = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> open.forEach(NginxProcess::close), "fault-nginx-stop"));
    }

    private final Process process;
    private final int port;
    private final Path log;

    private NginxProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts nginx on {@link #CONF} in front of {@code nodes} (base URLs such as {@code http://127.0.0.1:1234}). */
    static NginxProcess start(List<String> nodes) {
        return start(CONF, Map.of("chat_nodes", nodes));
    }

    /** Starts nginx on {@code source}, each of its upstreams (by name) in front of the given base URLs. */
    static NginxProcess start(Path source, Map<String, List<String>> upstreams) {
        if (!Files.isExecutable(NGINX)) {
            throw new IllegalStateException(
                    NGINX + " is missing: install Debian's nginx (apt-get install nginx), as" + " .ci/run does");
        }
        try {
            Path prefix = Files.createTempDirectory(Files.createDirectories(FaultSettings.WORK_DIR), "nginx-");
            int port = ServerProcess.freePort();
            Path conf = prefix.resolve("nginx.conf");
            Files.writeString(conf, forTest(Files.readString(source), upstreams, port));
            Path log = prefix.resolve("nginx.log");
            Process process = new ProcessBuilder(
                            NGINX.toString(), "-p", prefix.toString(), "-c", conf.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            NginxProcess nginx = new NginxProcess(process, port, log);
            open.add(nginx);
            await("nginx listening on 127.0.0.1:" + port + " (log: " + log + ")")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError(
                                    "nginx exited with " + process.exitValue() + ":\n" + ServerProcess.tail(log));
                        }
                        return listening(port);
                    });
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A compose profile's configuration with each upstream's server lines replaced by the test's nodes and its listen
     * port by {@code port} on the loopback address; everything else (routing, buffering, timeouts, headers) as is.
     */
    static String forTest(String conf, Map<String, List<String>> upstreams, int port) {
        Matcher upstream = UPSTREAM.matcher(conf);
        StringBuilder rewritten = new StringBuilder();
        Set<String> seen = new java.util.HashSet<>();
        while (upstream.find()) {
            String name = upstream.group(1);
            List<String> nodes = upstreams.get(name);
            if (nodes == null) {
                throw new IllegalStateException("upstream " + name + " of the configuration has no nodes in the test");
            }
            seen.add(name);
            String body = upstream.group(2);
            Matcher first = SERVER_LINE.matcher(body);
            if (!first.find()) {
                throw new IllegalStateException("no server lines in upstream " + name);
            }
            String indent = first.group().substring(0, first.group().indexOf("server"));
            String ours = nodes.stream()
                    .map(url -> indent + "server " + url.replaceFirst("^http://", "") + ";\n")
                    .collect(Collectors.joining());
            String rest = SERVER_LINE.matcher(body.substring(first.end())).replaceAll("");
            upstream.appendReplacement(
                    rewritten,
                    Matcher.quoteReplacement(
                            "upstream " + name + " {" + body.substring(0, first.start()) + ours + rest + "}"));
        }
        upstream.appendTail(rewritten);
        if (!seen.equals(upstreams.keySet())) {
            throw new IllegalStateException("upstreams " + upstreams.keySet() + " expected, found " + seen);
        }
        Matcher listen = LISTEN.matcher(rewritten);
        if (!listen.find()) {
            throw new IllegalStateException("no listen line in the configuration");
        }
        return listen.replaceFirst("listen 127.0.0.1:" + port + ";");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM (nginx's fast shutdown, workers included), then SIGKILL to it and its workers if still up. */
    @Override
    public void close() {
        open.remove(this);
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
