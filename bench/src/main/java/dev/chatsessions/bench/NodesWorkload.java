package dev.chatsessions.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Issue 13's {@code nodes}: post throughput and read-your-writes lag with one node, then with two nodes on the same
 * PostgreSQL (the bench's own embedded one, flushing like the service's), in one run. With two nodes the clients
 * alternate between them (client {@code c} posts to node {@code c % 2}) and {@code lag} reads from the node that did
 * not take the post: read-your-writes across nodes. The nodes run the app jar as a deployment runs it, on an external
 * database with a shared token secret (no local mode).
 */
final class NodesWorkload {

    private final Bench bench;

    NodesWorkload(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        try (EmbeddedPostgres postgres = Bench.durablePostgres(bench.work.resolve("nodes-pg"), 100)) {
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    var s = c.createStatement()) {
                s.execute("create database chat");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/chat";
            long expires = Instant.now().plus(Duration.ofHours(3)).getEpochSecond();
            String token = Hs256.sign(Bench.JWT_SECRET, Bench.USER, expires);
            String admin = Hs256.signWithRoles(Bench.JWT_SECRET, "bench-admin", expires, "admin");
            try (ChildProcess one = node(url, 1);
                    Connection db = DriverManager.getConnection(url, "postgres", "")) {
                bench.log("nodes: node 1 up in %.1f s", one.awaitReady("/actuator/health", 240));
                Bench.ADMIN_TOKENS.put(one.http, admin);
                UUID project = Bench.createProject(one.http, token, "nodes");
                List<UUID> sessions = Bench.createSessions(
                        one.http, "/api/projects/" + project + "/chat-sessions", token, bench.quick ? 200 : 1000);
                post("nodes-1-post", List.of(one.http), token, sessions, 1);
                bench.drain("nodes-1-post", one.http, db);
                bench.record(bench.lag("nodes-1-lag", c -> one.http, c -> one.http, token, project)
                        .with("nodes", 1));
                bench.drain("nodes-1-lag", one.http, db);
                try (ChildProcess two = node(url, 2)) {
                    bench.log("nodes: node 2 up in %.1f s", two.awaitReady("/actuator/health", 240));
                    Bench.ADMIN_TOKENS.put(two.http, admin);
                    List<Http> both = List.of(one.http, two.http);
                    post("nodes-2-post", both, token, sessions, 2);
                    bench.record(
                            bench.lag("nodes-2-lag", c -> both.get(c % 2), c -> both.get((c + 1) % 2), token, project)
                                    .with("nodes", 2)
                                    .with("reads_from", "the node that did not take the post"));
                }
            }
        }
    }

    private ChildProcess node(String url, int number) throws java.io.IOException {
        return bench.startServer(
                bench.work.resolve("node-" + number + "-data"),
                List.of(
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--chat.security.jwt.hmac-secret=" + Bench.JWT_SECRET,
                        "--chat.node-name=bench-node-" + number),
                "node-" + number);
    }

    private void post(String name, List<Http> nodes, String token, List<UUID> sessions, int nodeCount) {
        bench.record(LoadGenerator.run(name, bench.clients, bench.warmup, bench.measure, client -> {
                    nodes.get(client % nodes.size())
                            .post(
                                    "/api/chat-messages",
                                    token,
                                    Bench.postBody(sessions.get(
                                            ThreadLocalRandom.current().nextInt(sessions.size()))));
                    return -1;
                })
                .with("nodes", nodeCount)
                .with("sessions", sessions.size()));
    }
}
