package dev.chatsessions.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * (e) Several nodes behave as one service (issue 13): two packaged servers on one PostgreSQL the test started (the
 * embedded binaries, started once), with Debian's nginx in front running the compose profile's own
 * {@code deploy/nginx/nginx.conf} (round robin). Each rule is a test of its own, in this order, the last one killing
 * a node: a write is read on the other node at once; concurrent posts to one session through nginx are numbered
 * 1..n exactly once; a delete on one node leaves no text on the other; a reply whose node was killed is closed
 * {@code failed} by the other node; a reply generated on one node is followed, resumed and stopped from the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NodesBehindNginxActAsOneServiceFaultTest {

    private static final Duration ORPHAN_AFTER = Duration.ofSeconds(5);
    private static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(1);
    /**
     * From the kill to the reply saved {@code failed} on the other node: the last heartbeat (at most a second before
     * the kill) ages past {@link #ORPHAN_AFTER}, the next recovery round (every {@link #RECOVERY_INTERVAL}) closes it,
     * in the transaction that saves it; 4 s of slack for a loaded 2-core machine.
     */
    private static final Duration CLOSED_WITHIN =
            Duration.ofSeconds(1).plus(ORPHAN_AFTER).plus(RECOVERY_INTERVAL).plus(Duration.ofSeconds(4));
    /**
     * From the kill to the closed reply listed on the other node: the projections' segments the killed node held are
     * taken over once its token claims expire (Axon's {@code axon.eventhandling.tokenstore.claim-timeout}, 10 s by
     * default, kept here), so the listing may lag the close by up to that, plus a processor's retry.
     */
    private static final Duration LISTED_WITHIN =
            CLOSED_WITHIN.plus(Duration.ofSeconds(10)).plus(Duration.ofSeconds(5));

    private static final int WRITERS = 8;
    private static final int POSTS_EACH = 25;

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private CrashablePostgres postgres;
    private FaultyModel model;
    private ServerProcess nodeA;
    private ServerProcess nodeB;
    private NginxProcess nginx;

    @BeforeAll
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void twoNodesOnOnePostgresBehindNginx() {
        postgres = CrashablePostgres.start(FaultSettings.WORK_DIR.resolve("nodes-postgres-" + System.nanoTime()));
        model = new FaultyModel();
        nodeA = node("node-a");
        nodeB = node("node-b");
        // one after the other: the first creates the schema
        figures.put("secondsToStartNodeA", nodeA.start());
        figures.put("secondsToStartNodeB", nodeB.start());
        nginx = NginxProcess.start(List.of(nodeA.baseUrl(), nodeB.baseUrl()));
    }

    private ServerProcess node(String name) {
        List<String> args = new ArrayList<>(FaultSettings.ASSISTANT_ARGS.stream()
                .filter(arg -> !arg.startsWith("--chat.assistant.max-reply-duration=")
                        && !arg.startsWith("--chat.assistant.orphan-after=")
                        && !arg.startsWith("--chat.assistant.recovery-interval="))
                .toList());
        args.add("--spring.ai.openai.base-url=" + model.baseUrl());
        // the slow reply must outlive its node, not end by its own bound first
        args.add("--chat.assistant.max-reply-duration=2m");
        args.add("--chat.assistant.orphan-after=" + ORPHAN_AFTER.toSeconds() + "s");
        args.add("--chat.assistant.recovery-interval=" + RECOVERY_INTERVAL.toSeconds() + "s");
        return ServerProcess.prepare(
                name,
                Map.of(
                        "SPRING_DATASOURCE_URL",
                        postgres.jdbcUrl(),
                        "SPRING_DATASOURCE_USERNAME",
                        postgres.user(),
                        "SPRING_DATASOURCE_PASSWORD",
                        "unused-trust-auth",
                        "CHAT_NODE_NAME",
                        name),
                args);
    }

    @Test
    @Order(1)
    void aWriteAnsweredByOneNodeIsReadAtOnceOnTheOtherAndThroughNginx() {
        String user = "ryw-" + UUID.randomUUID();
        Http onA = new Http(nodeA.baseUrl(), user);
        Http onB = new Http(nodeB.baseUrl(), user);
        Http viaNginx = new Http(nginx.baseUrl(), user);

        String project = created(onA.post("/api/projects", Map.of("name", "Read your writes")));
        assertThat(onB.get("/api/projects/" + project).status())
                .as("the project on node B")
                .isEqualTo(200);
        String session = created(onA.post("/api/projects/" + project + "/chat-sessions", Map.of()));
        assertThat(onB.get("/api/chat-sessions/" + session).status())
                .as("the session on node B")
                .isEqualTo(200);

        List<String> written = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            // alternately on node A (read on B and through nginx) and through nginx (read on A and on B)
            Http writer = round % 2 == 0 ? onA : viaNginx;
            String content = "write " + round + " " + UUID.randomUUID();
            Http.Answer posted = writer.post(
                    "/api/chat-messages", Map.of("chatSessionId", session, "role", "user", "content", content));
            assertThat(posted.status()).as("post %d: %s", round, posted).isEqualTo(201);
            written.add(content);
            for (Http reader : round % 2 == 0 ? List.of(onB, viaNginx) : List.of(onA, onB)) {
                assertThat(contents(reader, session))
                        .as("read on %s right after write %d", reader.baseUrl(), round)
                        .containsExactlyElementsOf(written);
            }
        }
    }

    @Test
    @Order(2)
    void eightClientsThroughNginxPostingTwoHundredMessagesToOneSessionGetSeqOneToTwoHundredExactlyOnce()
            throws Exception {
        String user = "seq-" + UUID.randomUUID();
        Http viaNginx = new Http(nginx.baseUrl(), user);
        String project = created(viaNginx.post("/api/projects", Map.of("name", "Concurrent posts")));
        String session = created(viaNginx.post("/api/projects/" + project + "/chat-sessions", Map.of()));

        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        long begun = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Http client = new Http(nginx.baseUrl(), user); // connections of its own
                done.add(writers.submit(() -> {
                    for (int p = 0; p < POSTS_EACH; p++) {
                        String id = UUID.randomUUID().toString();
                        Map<String, Object> body = Map.of(
                                "id",
                                id,
                                "chatSessionId",
                                session,
                                "role",
                                "user",
                                "content",
                                "writer " + writer + " post " + p);
                        // the same id again after a refusal or a lost answer: a post is stored once whatever happens
                        for (int attempt = 1; attempt <= 50; attempt++) {
                            Http.Answer answer = client.post("/api/chat-messages", body);
                            answers.computeIfAbsent(answer.label(), k -> new LongAdder())
                                    .increment();
                            if (answer.status() == 201 || answer.status() == 200) {
                                acknowledged.add(id);
                                break;
                            }
                            if (answer.status() >= 400 && answer.status() < 500 && answer.status() != 429) {
                                break; // refused for good: counted in the answers, asserted below
                            }
                        }
                    }
                }));
            }
            for (Future<?> writer : done) {
                writer.get(90, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        figures.put("secondsForTwoHundredPostsThroughNginx", ServerProcess.seconds(begun));
        Map<String, Long> answerCounts = new LinkedHashMap<>();
        answers.forEach((label, count) -> answerCounts.put(label, count.sum()));
        figures.put("answersToTheTwoHundredPosts", answerCounts);

        assertThat(answerCounts.keySet())
                .as("answers to the posts: %s", answerCounts)
                .allMatch(label ->
                        label.equals("201") || label.equals("200") || label.equals("429") || label.equals("503"));
        assertThat(acknowledged).as("posts acknowledged").hasSize(WRITERS * POSTS_EACH);
        JsonNode items = viaNginx.get("/api/chat-sessions/" + session + "/messages?limit=200")
                .json()
                .get("items");
        List<Integer> seqs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        items.forEach(message -> {
            seqs.add(message.get("seq").asInt());
            ids.add(message.get("id").asText());
        });
        assertThat(seqs)
                .as("seq of the session's messages")
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, WRITERS * POSTS_EACH).boxed().toList());
        assertThat(ids)
                .as("each acknowledged post listed exactly once")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(acknowledged);
        JsonNode session1 = new Http(nodeA.baseUrl(), user)
                .get("/api/chat-sessions/" + session)
                .json();
        assertThat(session1.get("messageCount").asInt())
                .as("messageCount on node A")
                .isEqualTo(WRITERS * POSTS_EACH);
    }

    @Test
    @Order(3)
    void aSessionDeletedOnOneNodeLeavesNoTextReadableOnTheOther() {
        String user = "erase-" + UUID.randomUUID();
        Http onA = new Http(nodeA.baseUrl(), user);
        Http onB = new Http(nodeB.baseUrl(), user);
        Http viaNginx = new Http(nginx.baseUrl(), user);
        String secret = "secret-" + UUID.randomUUID();
        String project = created(onA.post("/api/projects", Map.of("name", "Erasure")));
        String session = created(onA.post("/api/projects/" + project + "/chat-sessions", Map.of()));
        assertThat(onA.post(
                                "/api/chat-messages",
                                Map.of("chatSessionId", session, "role", "user", "content", "my " + secret + " plan"))
                        .status())
                .isEqualTo(201);
        String events = "/api/chat-sessions/" + session + "/events";
        // node B reads the text, so it holds the session's key in its cache
        assertThat(onB.get(events).body())
                .as("the events on node B before the delete")
                .contains(secret);
        assertThat(contents(onB, session)).containsExactly("my " + secret + " plan");
        Instant beforeDeletion = Instant.now();

        assertThat(onA.delete("/api/chat-sessions/" + session).status())
                .as("delete on node A")
                .isEqualTo(204);

        for (Http reader : List.of(onB, viaNginx)) {
            await("no text of the deleted session on " + reader.baseUrl())
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(reader.get(events).body()).doesNotContain(secret, "plan"));
            JsonNode items = reader.get(events).json().get("items");
            List<String> types = new ArrayList<>();
            items.forEach(event -> types.add(event.get("type").asText()));
            assertThat(types)
                    .as("the audit trail on %s", reader.baseUrl())
                    .contains("MessagePosted")
                    .endsWith("SessionDeleted");
            items.forEach(event -> {
                if (event.get("type").asText().equals("MessagePosted")) {
                    assertThat(event.at("/payload/content").isNull())
                            .as("erased content: %s", event)
                            .isTrue();
                }
            });
            assertThat(reader.get("/api/chat-sessions/" + session + "/messages?asOf=" + beforeDeletion)
                            .status())
                    .as("the conversation as it stood before the delete, on %s", reader.baseUrl())
                    .isEqualTo(404);
            assertThat(reader.get("/api/chat-sessions/" + session + "/messages").status())
                    .isEqualTo(404);
        }
    }

    @Test
    @Order(4)
    void aReplyStreamedThroughNginxArrivesAsTheModelWritesItNotWhenItEnds() throws Exception {
        Http viaNginx = new Http(nginx.baseUrl(), "sse-" + UUID.randomUUID());
        String project = created(viaNginx.post("/api/projects", Map.of("name", "Unbuffered")));
        String session = created(viaNginx.post("/api/projects/" + project + "/chat-sessions", Map.of()));

        var outcome = ReplyStream.ask(
                        viaNginx,
                        new Load.Post(UUID.randomUUID(), session, FaultyModel.TRICKLE + " one word at a time"),
                        Duration.ofSeconds(60))
                .get(70, TimeUnit.SECONDS);
        figures.put("secondsToFirstDeltaThroughNginx", outcome.secondsToFirstDelta());
        figures.put("secondsForTheWholeTrickledReplyThroughNginx", outcome.seconds());

        assertThat(outcome.status()).as("the reply's stream: %s", outcome).isEqualTo(200);
        assertThat(outcome.events())
                .as("its events")
                .contains("delta×" + FaultyModel.TRICKLE_WORDS)
                .endsWith("assistant-message");
        assertThat(outcome.endedByServer()).isTrue();
        // the model takes 3 s from its first word to its last: a stream held back until its end would bring them
        // together (this nginx passes a chunked stream on as it comes even with proxy_buffering on, so the setting
        // itself is checked by its header below, which tells any proxy further out not to buffer either)
        assertThat(outcome.secondsToFirstDelta())
                .as("first delta (s), of a stream of %s s", outcome.seconds())
                .isNotNull()
                .isLessThanOrEqualTo(outcome.seconds() - 2.0);
        assertThat(assistantStatus(viaNginx, session)).isEqualTo("complete");
        var answer = viaNginx.client()
                .send(
                        viaNginx.request("/actuator/health", Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(answer.headers().firstValue("X-Accel-Buffering"))
                .as("nginx's header")
                .hasValue("no");
    }

    @Test
    @Order(5)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aReplyGeneratedOnOneNodeIsFollowedResumedAndStoppedFromTheOther() throws Exception {
        String user = "follower-" + UUID.randomUUID();
        Http onA = new Http(nodeA.baseUrl(), user);
        Http onB = new Http(nodeB.baseUrl(), user);
        String project = created(onA.post("/api/projects", Map.of("name", "Followed reply")));
        String session = created(onA.post("/api/projects/" + project + "/chat-sessions", Map.of()));
        var asked = ReplyStream.ask(
                onA, new Load.Post(UUID.randomUUID(), session, FaultyModel.SLOW + " go on"), Duration.ofMinutes(1));
        await("the reply running, seen from node B")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ReplyStream.runningReplyStatus(onB, session) == 200);

        var first = ReplyStream.follow(onB, session, null, 3);
        var resumed = ReplyStream.follow(onB, session, first.lastId(), 3);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).as("the text read first, up to its last id").hasSize(first.end());
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.end() - resumed.text().length())
                .as("where the resumed stream starts: right after the last id read")
                .isEqualTo(first.end());
        assertThat(onB.post("/api/chat-sessions/" + session + "/reply/stop", Map.of())
                        .status())
                .as("stop from node B")
                .isEqualTo(202);
        long stopped = System.nanoTime();
        await("the reply stopped by node A")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> assistantStatus(onB, session).equals("stopped"));
        figures.put("secondsFromStopOnTheOtherNodeToReplySaved", ServerProcess.seconds(stopped));
        assertThat(assistantContent(onB, session))
                .as("the saved reply holds what the follower read, once and in order")
                .startsWith(first.text() + resumed.text());
        assertThat(asked.get(30, TimeUnit.SECONDS).events())
                .as("the asking stream on node A")
                .endsWith("assistant-message");
    }

    /** Last: node A is killed here, and started again at the end. */
    @Test
    @Order(6)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aReplyOfANodeKilledWhileGeneratingIsClosedFailedByTheOtherWithinTheRecoveryInterval() throws Exception {
        String user = "orphan-" + UUID.randomUUID();
        Http onA = new Http(nodeA.baseUrl(), user);
        Http onB = new Http(nodeB.baseUrl(), user);
        String project = created(onA.post("/api/projects", Map.of("name", "Orphaned reply")));
        String session = created(onA.post("/api/projects/" + project + "/chat-sessions", Map.of()));
        Load.Post question = new Load.Post(UUID.randomUUID(), session, FaultyModel.SLOW + " take your time");
        var stream = ReplyStream.ask(onA, question, Duration.ofMinutes(2));
        // under way: node A has saved some of its text with its heartbeat (the reply is listed only once saved)
        await("text of the reply saved by node A")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> savedReplyText(session).contains("slowly"));
        assertThat(assistantStatus(onB, session))
                .as("no reply listed while it runs")
                .isEmpty();

        nodeA.kill();
        long killed = System.nanoTime();
        // closed: the recovery's FinishReply removes the reply's progress row in the transaction that saves it
        await("the reply closed by node B")
                .atMost(CLOSED_WITHIN.plusSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> replyRows(session) == 0);
        double closedAfter = ServerProcess.seconds(killed);
        await("the closed reply listed on node B")
                .atMost(LISTED_WITHIN.plusSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !assistantStatus(onB, session).isEmpty());
        double listedAfter = ServerProcess.seconds(killed);
        figures.put("secondsFromKillToReplyClosedByTheOtherNode", closedAfter);
        figures.put("secondsFromKillToReplyListedOnTheOtherNode", listedAfter);
        figures.put("orphanAfterAndRecoveryInterval", List.of(ORPHAN_AFTER.toString(), RECOVERY_INTERVAL.toString()));

        assertThat(closedAfter)
                .as("seconds from the kill until the other node closed the reply")
                .isLessThanOrEqualTo(CLOSED_WITHIN.toMillis() / 1000.0);
        assertThat(listedAfter)
                .as("seconds from the kill until the other node listed the reply")
                .isLessThanOrEqualTo(LISTED_WITHIN.toMillis() / 1000.0);
        assertThat(assistantStatus(onB, session))
                .as("the orphaned reply's status")
                .isEqualTo("failed");
        assertThat(assistantContent(onB, session)).as("the text it had is kept").contains("slowly");
        assertThat(onB.get("/api/chat-sessions/" + session + "/events").body())
                .as("closed by the reply recovery")
                .contains("system:reply-recovery");
        assertThat(ReplyStream.runningReplyStatus(onB, session))
                .as("a reply still running on node B")
                .isEqualTo(404);
        await("the reply's progress row gone")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> replyRows(session) == 0);
        assertThat(stream.get(30, TimeUnit.SECONDS).endedByServer())
                .as("the stream from the killed node ended")
                .isTrue();
        // nothing left streaming: the session takes the next message, on the node that lived
        assertThat(onB.post(
                                "/api/chat-messages",
                                Map.of("chatSessionId", session, "role", "user", "content", "still there?"))
                        .status())
                .isEqualTo(201);

        figures.put("secondsToRestartNodeA", nodeA.start());
        for (String node : List.of(nodeA.baseUrl(), nodeB.baseUrl(), nginx.baseUrl())) {
            Http anyone = new Http(node, null);
            await("health UP on " + node)
                    .atMost(FaultSettings.HEALTH_UP)
                    .pollInterval(Duration.ofMillis(200))
                    .until(anyone::healthUp);
            assertThat(anyone.healthUp()).as("health on %s", node).isTrue();
        }
        assertThat(assistantStatus(new Http(nodeA.baseUrl(), user), session))
                .as("on node A, started again")
                .isEqualTo("failed");
    }

    @AfterAll
    void stopEverything() {
        try {
            Figures.record("e-nodes", figures);
        } finally {
            try {
                if (nginx != null) {
                    nginx.close();
                }
            } finally {
                try {
                    if (nodeA != null) {
                        nodeA.close();
                    }
                } finally {
                    try {
                        if (nodeB != null) {
                            nodeB.close();
                        }
                    } finally {
                        try {
                            if (model != null) {
                                model.close();
                            }
                        } finally {
                            if (postgres != null) {
                                postgres.close();
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The text node A saved so far of the session's running reply, read from PostgreSQL: its chunks where replies
     * are appended as they stream ({@code reply_chunk}, the replies-from-any-node work), else the text its heartbeat
     * row carries ({@code reply_progress.content}).
     */
    private String savedReplyText(String session) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
            boolean chunks;
            try (var exists = connection.prepareStatement("select to_regclass('reply_chunk') is not null");
                    var rows = exists.executeQuery()) {
                rows.next();
                chunks = rows.getBoolean(1);
            }
            String sql = chunks
                    ? "select coalesce(string_agg(c.text, '' order by c.position), '') from reply_chunk c"
                            + " join reply_progress p on p.reply_id = c.reply_id where p.session_id::text = ?"
                    : "select coalesce(string_agg(content, ''), '') from reply_progress where session_id::text = ?";
            try (var query = connection.prepareStatement(sql)) {
                query.setString(1, session);
                try (var rows = query.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        }
    }

    private long replyRows(String session) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                var query =
                        connection.prepareStatement("select count(*) from reply_progress where session_id::text = ?")) {
            query.setString(1, session);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String created(Http.Answer answer) {
        assertThat(answer.status()).as("creating: %s", answer).isEqualTo(201);
        return answer.json().get("id").asText();
    }

    private static List<String> contents(Http reader, String session) {
        Http.Answer answer = reader.get("/api/chat-sessions/" + session + "/messages?limit=200");
        assertThat(answer.status())
                .as("messages on %s: %s", reader.baseUrl(), answer)
                .isEqualTo(200);
        List<String> contents = new ArrayList<>();
        answer.json()
                .get("items")
                .forEach(message -> contents.add(message.get("content").asText()));
        return contents;
    }

    private static JsonNode assistantMessage(Http reader, String session) {
        Http.Answer answer = reader.get("/api/chat-sessions/" + session + "/messages?limit=200");
        if (answer.status() != 200) {
            return null;
        }
        for (JsonNode message : answer.json().get("items")) {
            if ("assistant".equals(message.path("role").asText())) {
                return message;
            }
        }
        return null;
    }

    private static String assistantStatus(Http reader, String session) {
        JsonNode message = assistantMessage(reader, session);
        return message == null ? "" : message.path("status").asText();
    }

    private static String assistantContent(Http reader, String session) {
        JsonNode message = assistantMessage(reader, session);
        return message == null ? "" : message.path("content").asText();
    }
}
