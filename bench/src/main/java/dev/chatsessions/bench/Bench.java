package dev.chatsessions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.bench.jpacrud.JpaCrudApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Issue 7's benchmark. Starts the one-process server as the README runs it ({@code java -Xmx512m
 * -XX:SharedArchiveFile=app/target/run/chat-sessions.jsa -jar app/target/run/chat-sessions.jar}) on a fresh
 * data dir as a child process and drives it over HTTP; then the comparisons on a separate embedded PostgreSQL
 * (same binaries): plain JDBC (the ceiling), a hand-rolled Spring Data JPA service (its own child JVM) and Spring
 * AI's JDBC chat memory. Prints a table and writes {@code bench/target/results.json}.
 * <p>
 * {@code java -jar bench/target/chat-sessions-bench.jar [--quick] [--clients=16] [--stream-clients=100] [--jfr]
 * [--only=writes|reads|search|stream|streams-1000|nodes|replay|peers[,...]]
 * [--server-arg=--some.setting=value]... [--server-jvm=-Xmx384m]...
 * [--server-jar=app/target/run/chat-sessions.jar] [--out=bench/target/results.json]}
 * (another {@code --server-jar} is started without the README's JVM options: no heap bound, no archive)
 */
public final class Bench {

    static final String USER = "bench";
    /** The README's run command: the unpacked jar with the Class Data Sharing archive the build made for it. */
    private static final String README_JAR = "app/target/run/chat-sessions.jar";

    private static final String README_ARCHIVE = "app/target/run/chat-sessions.jsa";

    private static final String README_HEAP = "-Xmx512m";
    /** Admin tokens per server; taken from local mode's token endpoint unless put here (the nodes sign their own). */
    static final java.util.Map<Http, String> ADMIN_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    static final String JWT_SECRET = "bench-secret-for-the-jpa-crud-peer-0123456789";
    /** Replies at once for the one bench user and per node: {@code streams-1000} needs 1,000 (defaults 3 and 50). */
    private static final int REPLIES_AT_ONCE = 1100;

    private static final List<String> PARTS =
            List.of("all", "writes", "reads", "search", "stream", "streams-1000", "nodes", "replay", "peers");

    final boolean quick;
    final int clients;
    private final boolean jfr;
    private final int streamClients;
    private final List<String> only;
    /** Extra arguments for the server ({@code --server-arg=--name=value}, repeatable), to try a setting. */
    private final List<String> serverArgs;
    /** Extra JVM options for the server ({@code --server-jvm=-Xmx256m}, repeatable). */
    private final List<String> serverJvmOptions;

    private final Path serverJar;
    private final Path out;
    final Path work;
    final Duration warmup;
    final Duration measure;
    private final int longAppends;
    private final long replayEvents;
    private final int replayTimeoutSeconds;

    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final long benchStarted = System.nanoTime();
    private int serverStarts;
    /** The model every server started here is pointed at (the assistant's replies). */
    private FakeModel model;

    private Bench(List<String> args) {
        quick = args.contains("--quick");
        jfr = args.contains("--jfr");
        only = List.of(option(args, "--only", "all").split(","));
        if (!PARTS.containsAll(only)) {
            throw new IllegalArgumentException(
                    "--only=" + only + ": expected one of " + PARTS.subList(1, PARTS.size()));
        }
        serverJvmOptions = new ArrayList<>(options(args, "--server-jvm"));
        serverArgs = options(args, "--server-arg");
        clients = Integer.parseInt(option(args, "--clients", "16"));
        streamClients =
                Integer.parseInt(option(args, "--stream-clients", String.valueOf(StreamWorkloads.STREAM_CLIENTS)));
        serverJar = Path.of(option(args, "--server-jar", README_JAR)).toAbsolutePath();
        Path archive = Path.of(README_ARCHIVE).toAbsolutePath();
        if (serverJar.equals(Path.of(README_JAR).toAbsolutePath()) && Files.isRegularFile(archive)) {
            serverJvmOptions.addAll(0, List.of(README_HEAP, "-XX:SharedArchiveFile=" + archive));
        }
        out = Path.of(option(args, "--out", "bench/target/results.json")).toAbsolutePath();
        work = out.getParent().resolve("bench-work");
        warmup = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        measure = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(15);
        longAppends = quick ? 100 : 500;
        replayEvents = quick ? 100_000 : 1_000_000;
        replayTimeoutSeconds = quick ? 45 : 300;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jpa-crud-server")) {
            JpaCrudApp.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        new Bench(List.of(args)).run();
        System.exit(0);
    }

    private static String option(List<String> args, String name, String otherwise) {
        return options(args, name).stream().findFirst().orElse(otherwise);
    }

    /** Every value of a repeatable {@code --name=value}. */
    private static List<String> options(List<String> args, String name) {
        return args.stream()
                .filter(a -> a.startsWith(name + "="))
                .map(a -> a.substring(name.length() + 1))
                .toList();
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalStateException(
                    serverJar + " is missing: build it first (./mvnw -B -q -Pbench package -DskipTests)");
        }
        deleteRecursively(work);
        Files.createDirectories(work);
        describeMachine();
        System.out.printf(
                "chat-sessions benchmark, %s mode: %d clients, warm-up %d s, measured %d s; %s%n",
                quick ? "quick" : "full", clients, warmup.toSeconds(), measure.toSeconds(), machine);

        model = new FakeModel();
        try {
            runAll();
        } finally {
            model.close();
        }
        report();
    }

    private void runAll() throws Exception {
        Path data = work.resolve("server-data");
        Path pgData = data.resolve("postgres");
        ChildProcess server = startServer(data);
        try {
            double coldFresh = server.awaitReady("/actuator/health", 240);
            double coldFreshCpu = server.cpuSeconds();
            figures.put("cold_start_fresh_s", round(coldFresh));
            figures.put("cold_start_fresh_jvm_cpu_s", round(coldFreshCpu));
            log("cold start, fresh data dir: %.1f s (server JVM CPU %.1f s)", coldFresh, coldFreshCpu);
            Http http = server.http;
            String token = Http.JSON
                    .readTree(http.post("/api/dev/tokens", null, "{\"userId\":\"" + USER + "\"}"))
                    .path("token")
                    .asText();
            UUID project = createProject(http, token, "post");
            UUID other = createProject(http, token, "other");
            List<UUID> sessions = createSessions(http, "/api/projects/" + project + "/chat-sessions", token, 1000);
            String jdbcUrl = "jdbc:postgresql://127.0.0.1:"
                    + Files.readAllLines(pgData.resolve("postmaster.pid"))
                            .get(3)
                            .trim() + "/postgres";

            try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", embeddedPassword(data))) {
                if (runs("writes")) {
                    postWorkload(server, pgData, http, token, sessions);
                    drain("post", http, db);
                    hotWorkload(http, token, other);
                    drain("hot", http, db);
                    record(lag("lag", client -> http, client -> http, token, other));
                    drain("lag", http, db);
                }
                if (runs("reads")) {
                    readWorkloads(http, token, project, other, db);
                    longWorkloads(http, token, other, db);
                }
                if (runs("search")) {
                    searchWorkloads(http, token, db);
                }
                // a reply lasts 0.4 s or more: the quick mode's 1 + 2 s would leave few replies wholly in the window
                StreamWorkloads streams = new StreamWorkloads(
                        new ReplyReader(model),
                        streamClients,
                        quick ? Duration.ofSeconds(2) : warmup,
                        quick ? Duration.ofSeconds(5) : measure);
                if (runs("stream")) {
                    List<UUID> streamSessions = createSessions(
                            http,
                            "/api/projects/" + createProject(http, token, "stream") + "/chat-sessions",
                            token,
                            streamClients);
                    streamWorkload(streams, http, token, streamSessions);
                    drain("stream-first-text", http, db);
                }
                if (runs("streams-1000")) {
                    List<UUID> thousand = createSessions(
                            http,
                            "/api/projects/" + createProject(http, token, "streams-1000") + "/chat-sessions",
                            token,
                            StreamWorkloads.CONCURRENT_REPLIES);
                    record(streams.thousand(http, token, thousand, server.pid(), pgData));
                    drain("streams-" + StreamWorkloads.CONCURRENT_REPLIES, http, db);
                }
            }

            if (!quick && only.contains("all")) {
                server.close();
                server = startServer(data);
                double coldExisting = server.awaitReady("/actuator/health", 240);
                figures.put("cold_start_existing_s", round(coldExisting));
                figures.put("cold_start_existing_jvm_cpu_s", round(server.cpuSeconds()));
                log("cold start, existing data dir: %.1f s", coldExisting);
            }
            server.close();
            if (runs("replay")) {
                replay(data, pgData, other);
            }
        } finally {
            server.close();
        }
        if (runs("nodes")) {
            new NodesWorkload(this).run();
        }
        if (runs("peers")) {
            peers();
        }
    }

    /** The baseline first (the same client reading the model directly), then the same load through the service. */
    private void streamWorkload(StreamWorkloads streams, Http http, String token, List<UUID> sessions) {
        StreamWorkloads.Timings direct = streams.direct("stream-direct");
        StreamWorkloads.Timings service = streams.viaService("stream", http, token, sessions);
        record(direct.firstText());
        record(direct.pieces());
        record(service.firstText());
        record(service.pieces());
        for (int percentile : new int[] {50, 99}) {
            figures.put(
                    "stream_first_text_added_p" + percentile + "_ms",
                    round(service.firstText().percentileMillis(percentile)
                            - direct.firstText().percentileMillis(percentile)));
            figures.put(
                    "stream_chunk_added_p" + percentile + "_ms",
                    round(service.pieces().percentileMillis(percentile)
                            - direct.pieces().percentileMillis(percentile)));
        }
        figures.put("stream_chunks_per_s", round(service.pieces().throughputPerSecond()));
        figures.put("stream_direct_chunks_per_s", round(direct.pieces().throughputPerSecond()));
        log(
                "stream: added by the service, first text p50 %s / p99 %s ms, each chunk p50 %s / p99 %s ms",
                figures.get("stream_first_text_added_p50_ms"),
                figures.get("stream_first_text_added_p99_ms"),
                figures.get("stream_chunk_added_p50_ms"),
                figures.get("stream_chunk_added_p99_ms"));
    }

    // ---- the service's workloads ---------------------------------------------------------------------------------

    private void postWorkload(ChildProcess server, Path pgData, Http http, String token, List<UUID> sessions) {
        try (var memory = new Memory.Sampler(server.pid(), pgData)) {
            Result post = LoadGenerator.run("post", clients, warmup, measure, client -> {
                http.post(
                        "/api/chat-messages",
                        token,
                        postBody(sessions.get(ThreadLocalRandom.current().nextInt(sessions.size()))));
                return -1;
            });
            memory.close();
            post.with("sessions", sessions.size())
                    .with("jvm_rss_mb", memory.maxJvmKb.get() / 1024)
                    .with("postgres_rss_sum_mb", memory.maxPgRssKb.get() / 1024)
                    .with("postgres_pss_mb", memory.maxPgPssKb.get() / 1024);
            record(post);
        }
    }

    private void hotWorkload(Http http, String token, UUID project) throws Exception {
        UUID session = createSessions(http, "/api/projects/" + project + "/chat-sessions", token, 1)
                .get(0);
        String body = postBody(session);
        record(LoadGenerator.run("hot", clients, warmup, measure, client -> {
                    http.post("/api/chat-messages", token, body);
                    return -1;
                })
                .with("sessions", 1));
    }

    /**
     * Post (client {@code c} to {@code posting.apply(c)}), then read the session's messages (from
     * {@code reading.apply(c)}, the same server or another node) until the new one shows; records post answer ->
     * first GET showing it.
     */
    Result lag(String name, IntFunction<Http> posting, IntFunction<Http> reading, String token, UUID project) {
        UUID[] session = new UUID[clients];
        int[] posted = new int[clients];
        AtomicLong extraPolls = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        Result lag = LoadGenerator.run(name, clients, warmup, measure, client -> {
            Http http = posting.apply(client);
            if (session[client] == null || posted[client] >= 190) {
                session[client] = createSessions(http, "/api/projects/" + project + "/chat-sessions", token, 1)
                        .get(0);
                posted[client] = 0;
            }
            String id = Http.JSON
                    .readTree(http.post("/api/chat-messages", token, postBody(session[client])))
                    .path("message")
                    .path("id")
                    .asText();
            posted[client]++;
            long answered = System.nanoTime();
            for (int poll = 0; poll < 1000 && System.nanoTime() - answered < TimeUnit.SECONDS.toNanos(10); poll++) {
                JsonNode page = reading.apply(client)
                        .getJson("/api/chat-sessions/" + session[client] + "/messages?limit=200", token);
                for (JsonNode item : page.path("items")) {
                    if (id.equals(item.path("id").asText())) {
                        samples.incrementAndGet();
                        extraPolls.addAndGet(poll);
                        return System.nanoTime() - answered;
                    }
                }
            }
            throw new IllegalStateException("message " + id + " not visible after 10 s");
        });
        return lag.with("measures", "post answer -> first GET that shows the message")
                .with(
                        "extra_gets_per_sample",
                        samples.get() == 0 ? 0 : round((double) extraPolls.get() / samples.get()));
    }

    private void readWorkloads(Http http, String token, UUID project, UUID other, Connection db) throws Exception {
        UUID long1000 = EventSeeder.seed(db, other, USER, 1, 1000).get(0);
        awaitProjections(http, db, 120);
        List<String> cursors = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            cursors.add(cursor);
            JsonNode answer = http.getJson(
                    "/api/chat-sessions/" + long1000 + "/messages?limit=50"
                            + (cursor == null ? "" : "&cursor=" + cursor),
                    token);
            cursor = answer.path("nextCursor").isNull()
                    ? null
                    : answer.path("nextCursor").asText();
            if (cursor == null) {
                break;
            }
        }
        record(LoadGenerator.run("read-messages", clients, warmup, measure, client -> {
                    String c = cursors.get(ThreadLocalRandom.current().nextInt(cursors.size()));
                    http.get(
                            "/api/chat-sessions/" + long1000 + "/messages?limit=50" + (c == null ? "" : "&cursor=" + c),
                            token);
                    return -1;
                })
                .with("session_messages", 1000)
                .with("pages", cursors.size()));
        record(LoadGenerator.run("read-sessions", clients, warmup, measure, client -> {
                    http.get("/api/projects/" + project + "/chat-sessions", token);
                    return -1;
                })
                .with("project_sessions", 1000));
    }

    /**
     * Search in a project of 1,000 sessions and 100,000 messages (quick: 100 and 10,000), seeded into the event store
     * and indexed by the search projection. Each message is one of 1,000 texts: the common prose of the other
     * workloads, a word of its own ({@code topic0}..{@code topic999}: in 1 of 1,000 messages) and a word of 100
     * ({@code group0}..{@code group99}: in 1 of 100). {@code search} asks for a rare word, a phrase or a word with an
     * exclusion, at random; {@code search-common} for a word that is in every message, the worst case for ranking.
     */
    private void searchWorkloads(Http http, String token, Connection db) throws Exception {
        int sessions = quick ? 100 : 1000;
        int perSession = 100;
        UUID project = createProject(http, token, "search");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            texts.add("topic" + i + " about group" + (i % 100) + ": " + EventSeeder.CONTENT);
        }
        long seeding = System.nanoTime();
        EventSeeder.seedVaried(db, project, USER, sessions, perSession, texts);
        awaitProjections(http, db, 900);
        figures.put("search_indexed_s", round((System.nanoTime() - seeding) / 1e9));
        log(
                "search: %d sessions, %d messages seeded and indexed in %.1f s",
                sessions, sessions * perSession, (System.nanoTime() - seeding) / 1e9);
        String path = "/api/projects/" + project + "/search?limit=20&q=";
        record(LoadGenerator.run("search", clients, warmup, measure, client -> {
                    var random = ThreadLocalRandom.current();
                    String q = switch (random.nextInt(3)) {
                        case 0 -> "topic" + random.nextInt(1000);
                        case 1 -> "\"about group" + random.nextInt(100) + "\"";
                        default -> "group" + random.nextInt(100) + " -topic" + random.nextInt(1000);
                    };
                    http.get(path + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8), token);
                    return -1;
                })
                .with("project_sessions", sessions)
                .with("project_messages", sessions * perSession)
                .with("queries", "a rare word (1 in 1,000 messages), a phrase (1 in 100), a word and an exclusion"));
        record(LoadGenerator.run("search-common", clients, warmup, measure, client -> {
                    http.get(path + "login", token);
                    return -1;
                })
                .with("project_sessions", sessions)
                .with("project_messages", sessions * perSession)
                .with("queries", "a word in every message"));
    }

    /**
     * Append latency at a session length, one client: sessions seeded at that length, one warm-up append each (loads
     * the aggregate, takes its first snapshot), then appends spread so that no session grows by more than 10%.
     */
    private void longWorkloads(Http http, String token, UUID project, Connection db) throws Exception {
        for (int length : new int[] {10, 1000, 10_000}) {
            int perSession = Math.max(1, length / 10);
            int sessionCount = (longAppends + perSession - 1) / perSession;
            List<UUID> ids = EventSeeder.seed(db, project, USER, sessionCount, length);
            awaitProjections(http, db, 300);
            for (UUID id : ids) {
                http.post("/api/chat-messages", token, postBody(id));
            }
            Histogram histogram = new Histogram(3_600_000_000L, 3);
            long started = System.nanoTime();
            long deadline = started + TimeUnit.SECONDS.toNanos(quick ? 20 : 90);
            int done = 0;
            long errors = 0;
            for (int i = 0; i < longAppends && System.nanoTime() < deadline; i++) {
                String body = postBody(ids.get(i % ids.size()));
                long began = System.nanoTime();
                try {
                    http.post("/api/chat-messages", token, body);
                    histogram.recordValue(Math.max(1, (System.nanoTime() - began) / 1000));
                    done++;
                } catch (Exception e) {
                    errors++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            record(new Result("long-" + length, 1, done, errors, seconds, histogram, null)
                    .with("sessions", sessionCount)
                    .with("appends_per_session", perSession));
        }
    }

    /**
     * Rebuild every projection from the event store: with the server stopped, top the store up to the target count
     * with seeded sessions, delete the processors' tokens and empty the read tables, then restart and time until every
     * processor's position reaches the head.
     */
    private void replay(Path data, Path pgData, UUID project) throws Exception {
        long head;
        long events;
        try (EmbeddedPostgres offline = EmbeddedPostgres.builder()
                        .setDataDirectory(pgData)
                        .setCleanDataDirectory(false)
                        .setServerConfig("max_connections", "50")
                        .setConnectConfig("password", embeddedPassword(data))
                        .start();
                Connection db = offline.getPostgresDatabase().getConnection()) {
            long existing = EventSeeder.count(db);
            long missing = Math.max(0, replayEvents - existing);
            long seedStarted = System.nanoTime();
            int perSession = 1000;
            int sessions = (int) ((missing + perSession) / (perSession + 1));
            for (int done = 0; done < sessions; done += 100) {
                EventSeeder.seed(db, project, USER, Math.min(100, sessions - done), perSession);
            }
            double seedSeconds = (System.nanoTime() - seedStarted) / 1e9;
            try (var statement = db.createStatement()) {
                statement.execute("delete from token_entry");
                statement.execute(
                        "truncate project, session_list_project, chat_session, message_session, chat_message, "
                                + "analytics_project, analytics_session, analytics_day, analytics_session_day, "
                                + "search_project, search_session, search_message");
                statement.execute("vacuum analyze");
            }
            head = EventSeeder.head(db);
            events = EventSeeder.count(db);
            figures.put("replay_seed_s", round(seedSeconds));
            log(
                    "replay: %d events in the store (%d seeded in %.1f s), head %d",
                    events, events - existing, seedSeconds, head);
        }
        ChildProcess server = startServer(data);
        try {
            double ready = server.awaitReady("/actuator/health", 240);
            if (quick) {
                figures.put("cold_start_existing_s", round(ready));
                log("cold start, existing data dir (while replaying): %.1f s", ready);
            }
            long firstSeen = System.nanoTime();
            long firstPosition = minPosition(server.http);
            long deadline = firstSeen + TimeUnit.SECONDS.toNanos(replayTimeoutSeconds);
            long position = firstPosition;
            Map<String, Double> atHead = new TreeMap<>();
            while (position < head && System.nanoTime() < deadline) {
                LoadGenerator.sleepQuietly(200);
                Map<String, Long> positions = positions(server.http);
                double now = (System.nanoTime() - firstSeen) / 1e9;
                positions.forEach((processor, at) -> {
                    if (at >= head) {
                        atHead.putIfAbsent(processor, now);
                    }
                });
                position = positions.values().stream()
                        .mapToLong(Long::longValue)
                        .min()
                        .orElse(-1);
            }
            double seconds = (System.nanoTime() - firstSeen) / 1e9;
            // which projection the replay waits for
            atHead.forEach((processor, at) -> figures.put("replay_" + processor + "_s", round(at)));
            // search folds a rebuild without its text indexes and builds them once at the head
            while (!deferredSearchIndexes(server.http).isEmpty() && System.nanoTime() < deadline) {
                LoadGenerator.sleepQuietly(200);
            }
            figures.put("replay_search_indexes_built_s", round((System.nanoTime() - firstSeen) / 1e9));
            double fromStart = (System.nanoTime() - server.startedNanos) / 1e9;
            double rate = (Math.min(position, head) - Math.max(0, firstPosition)) / seconds;
            figures.put("replay_events", events);
            figures.put("replay_events_per_s", Math.round(rate));
            figures.put("replay_complete", position >= head);
            figures.put("replay_s", round(seconds));
            figures.put("replay_s_from_process_start", round(fromStart));
            log(
                    "replay: %s at %.0f events/s (%.1f s measured from first health answer, position %d -> %d; %.1f s from process start)",
                    position >= head ? "complete" : "INCOMPLETE", rate, seconds, firstPosition, position, fromStart);
        } finally {
            server.close();
        }
    }

    // ---- the comparisons -----------------------------------------------------------------------------------------

    private void peers() throws Exception {
        try (EmbeddedPostgres postgres = durablePostgres(work.resolve("peers-pg"), 50)) {
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    var s = c.createStatement()) {
                s.execute("create database ceiling");
                s.execute("create database jpa");
                s.execute("create database springai");
            }
            String base = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/";
            record(Ceiling.run(base + "ceiling", clients, 1000, warmup, measure).with("sessions", 1000));

            int port = ChildProcess.freePort();
            String benchJar = System.getProperty("java.class.path");
            try (ChildProcess jpa = ChildProcess.start(
                    ChildProcess.java(
                            List.of(),
                            "-jar",
                            benchJar,
                            "jpa-crud-server",
                            "--server.port=" + port,
                            "--spring.datasource.url=" + base + "jpa",
                            "--spring.datasource.username=postgres",
                            "--bench.jwt-secret=" + JWT_SECRET),
                    port,
                    work.resolve("jpa-crud.log"))) {
                double started = jpa.awaitReady("/ready", 180);
                log("jpa-crud peer up in %.1f s", started);
                String token = Hs256.sign(
                        JWT_SECRET,
                        USER,
                        Instant.now().plus(Duration.ofHours(2)).getEpochSecond());
                List<UUID> sessions =
                        createSessions(jpa.http, "/api/projects/" + UUID.randomUUID() + "/chat-sessions", token, 1000);
                try (var memory = new Memory.Sampler(jpa.pid(), null)) {
                    Result result = LoadGenerator.run("jpa-crud", clients, warmup, measure, client -> {
                        jpa.http.post(
                                "/api/chat-messages",
                                token,
                                postBody(
                                        sessions.get(ThreadLocalRandom.current().nextInt(sessions.size()))));
                        return -1;
                    });
                    memory.close();
                    record(result.with("sessions", 1000).with("jvm_rss_mb", memory.maxJvmKb.get() / 1024));
                }
            }
            for (int length : new int[] {10, 1000, 10_000}) {
                record(SpringAiMemory.run(
                        base + "springai",
                        length,
                        quick ? Duration.ofMillis(300) : Duration.ofSeconds(2),
                        quick ? Duration.ofSeconds(2) : Duration.ofSeconds(10)));
            }
        }
    }

    /** {@code --only=writes|reads|replay|peers} runs one part alone, for profiling it; several, comma-separated. */
    private boolean runs(String part) {
        return only.contains("all") || only.contains(part);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private ChildProcess startServer(Path data) throws IOException {
        return startServer(data, List.of(), "server");
    }

    /**
     * The app jar as the README runs it, on {@code data}, pointed at the bench's model, with the bench's bounds and
     * {@code settings} (the nodes' database and token secret) before the {@code --server-arg}s.
     */
    ChildProcess startServer(Path data, List<String> settings, String name) throws IOException {
        serverStarts++;
        List<String> jvm = new ArrayList<>();
        jvm.addAll(serverJvmOptions);
        if (jfr) {
            jvm.add("-XX:StartFlightRecording=filename=" + work.resolve("server-" + serverStarts + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        int port = ChildProcess.freePort();
        List<String> command = new ArrayList<>(ChildProcess.java(
                jvm,
                "-jar",
                serverJar.toString(),
                "--chat.data-dir=" + data,
                "--server.port=" + port,
                // one user drives the whole load: no rate limits, and up to 1,000 replies at once for that user
                "--chat.rate-limit.writes-per-minute=1000000000",
                "--chat.rate-limit.replies-per-minute=1000000000",
                "--chat.assistant.max-replies-per-user=" + REPLIES_AT_ONCE,
                "--chat.assistant.max-replies-per-node=" + REPLIES_AT_ONCE,
                "--spring.ai.openai.base-url=" + model.baseUrl(),
                "--spring.ai.openai.api-key=bench",
                "--spring.ai.openai.chat.options.model=bench-model"));
        command.addAll(settings);
        command.addAll(serverArgs);
        return ChildProcess.start(command, port, work.resolve(name + "-" + serverStarts + ".log"));
    }

    /** The password the service generated for its embedded PostgreSQL, kept in its data dir. */
    private static String embeddedPassword(Path data) throws IOException {
        return Files.readString(data.resolve("postgres-password")).strip();
    }

    static UUID createProject(Http http, String token, String name) throws Exception {
        return UUID.fromString(http.postJson("/api/projects", token, "{\"name\":\"" + name + "\"}")
                .path("id")
                .asText());
    }

    /** Creates sessions with up to 16 concurrent requests. */
    static List<UUID> createSessions(Http http, String path, String token, int count) throws Exception {
        if (count == 1) {
            return List.of(
                    UUID.fromString(http.postJson(path, token, "{}").path("id").asText()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<UUID>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> UUID.fromString(
                        http.postJson(path, token, "{}").path("id").asText())));
            }
            List<UUID> ids = new ArrayList<>();
            for (Future<UUID> f : futures) {
                ids.add(f.get(60, TimeUnit.SECONDS));
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    static String postBody(UUID session) {
        return "{\"chatSessionId\":\"" + session + "\",\"role\":\"user\",\"content\":\"" + EventSeeder.CONTENT + "\"}";
    }

    /** Lowest position over the processors in /actuator/health (details for admins only), -1 before they have one. */
    static long minPosition(Http http) {
        return positions(http).values().stream()
                .mapToLong(Long::longValue)
                .min()
                .orElse(-1);
    }

    /** The text indexes search is rebuilding without, as {@code /actuator/health} shows them. */
    static List<String> deferredSearchIndexes(Http http) {
        try {
            List<String> deferred = new ArrayList<>();
            http.getJson("/actuator/health", adminToken(http))
                    .path("components")
                    .path("searchIndexes")
                    .path("details")
                    .path("deferred")
                    .forEach(index -> deferred.add(index.asText()));
            return deferred;
        } catch (Exception e) {
            return List.of("unknown: " + e);
        }
    }

    /** Each processor's position as {@code /actuator/health} shows it; empty while the server does not answer. */
    static Map<String, Long> positions(Http http) {
        Map<String, Long> positions = new TreeMap<>();
        try {
            http.getJson("/actuator/health", adminToken(http))
                    .path("components")
                    .path("eventProcessors")
                    .path("details")
                    .properties()
                    .forEach(processor -> positions.put(
                            processor.getKey(),
                            processor.getValue().path("position").asLong(-1)));
        } catch (Exception e) {
            positions.clear();
        }
        return positions;
    }

    private static String adminToken(Http http) throws IOException, InterruptedException {
        String token = ADMIN_TOKENS.get(http);
        if (token == null) {
            token = Http.JSON
                    .readTree(http.post("/api/dev/tokens", null, "{\"userId\":\"bench-admin\",\"roles\":[\"admin\"]}"))
                    .path("token")
                    .asText();
            ADMIN_TOKENS.put(http, token);
        }
        return token;
    }

    static void awaitProjections(Http http, Connection db, int timeoutSeconds) throws SQLException {
        long head = EventSeeder.head(db);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (minPosition(http) < head) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("projections not at " + head + " after " + timeoutSeconds + " s");
            }
            LoadGenerator.sleepQuietly(100);
        }
    }

    /** Lets the projections finish what the workload left them, so that the next workload starts clean. */
    void drain(String after, Http http, Connection db) throws SQLException {
        long started = System.nanoTime();
        try {
            awaitProjections(http, db, 180);
            double seconds = (System.nanoTime() - started) / 1e9;
            results.get(after).with("projections_caught_up_after_s", round(seconds));
            if (seconds > 1) {
                log("projections caught up %.1f s after %s", seconds, after);
            }
        } catch (IllegalStateException e) {
            results.get(after).with("projections_caught_up_after_s", "not within 180 s");
            log("projections still behind 180 s after %s", after);
        }
    }

    void record(Result result) {
        result.with("load_1min", loadAverage().isEmpty() ? null : loadAverage().get(0))
                .with("cpu_pressure_avg60", cpuPressure());
        results.put(result.name(), result);
        log(
                "%-20s %8.0f ops/s  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %8.2f ms  (%d ops, %d errors)",
                result.name(),
                result.throughputPerSecond(),
                result.percentileMillis(50),
                result.percentileMillis(95),
                result.percentileMillis(99),
                result.maxMillis(),
                result.count(),
                result.errors());
    }

    void log(String format, Object... args) {
        System.out.printf("[%5.0f s] %s%n", (System.nanoTime() - benchStarted) / 1e9, String.format(format, args));
    }

    private void describeMachine() throws IOException {
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put(
                "cpu",
                Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst()
                        .orElse("unknown"));
        machine.put("memory_mb", Memory.kb(1, "../meminfo", "MemTotal:") / 1024);
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("load_at_start", loadAverage());
        machine.put("cpu_pressure_at_start", cpuPressure());
        machine.put(
                "postgres", "embedded PostgreSQL 17 (io.zonky binaries), fsync and synchronous_commit on, same box");
        machine.put("mode", quick ? "quick" : "full");
        machine.put("clients", clients);
        machine.put("started", Instant.now().toString());
    }

    private static List<Double> loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * /proc/pressure/cpu "some avg60": the share of the last minute in which some runnable task waited for a CPU.
     * Near 0 on a quiet machine; near 100 when other work (other engineers' builds) competes for the cores.
     */
    private static String cpuPressure() {
        try {
            String some = Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
            return some.replaceAll(".*avg60=([0-9.]+).*", "$1") + "%";
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void report() throws IOException {
        machine.put("load_at_end", loadAverage());
        machine.put("cpu_pressure_at_end", cpuPressure());
        machine.put("total_s", round((System.nanoTime() - benchStarted) / 1e9));
        new Report(machine, results, figures).print(System.out).write(out);
        deleteRecursively(work.resolve("server-data"));
        deleteRecursively(work.resolve("peers-pg"));
        deleteRecursively(work.resolve("nodes-pg"));
        System.out.println("results: " + out + " (child logs in " + work + ")");
    }

    /**
     * An embedded PostgreSQL from the service's own binaries that flushes to disk like the service's, so that the
     * comparisons pay for durable commits as the service does.
     */
    static EmbeddedPostgres durablePostgres(Path dataDirectory, int maxConnections) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", String.valueOf(maxConnections))
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }
}
