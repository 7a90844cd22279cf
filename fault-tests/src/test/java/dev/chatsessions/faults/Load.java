package dev.chatsessions.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@link FaultSettings#CLIENTS} clients posting user messages ({@code POST /api/chat-messages}) with ids of their
 * own to the fleet's sessions, each client as one of the users over its own connections. A post is retried with
 * the same id and content until it is acknowledged ({@code 201}, or {@code 200} for a repeat): after a failed
 * exchange, a 5xx or a 429 the client first waits its {@code Retry-After} (at most 5 s), then (bounded) until the
 * service answers HTTP again. A 2xx is trusted, as a client would: a 2xx without the message in its body is
 * counted ({@link #emptyAcks}), not retried. Bounded in posts ({@link FaultSettings#MAX_POSTS_PER_CLIENT}),
 * attempts ({@link FaultSettings#MAX_ATTEMPTS}) and time ({@code hardDeadline}).
 */
final class Load implements AutoCloseable {

    record Post(UUID id, String sessionId, String content) {}

    record Ack(Post post, int status, int attempts, boolean emptyBody, long sentNanos, long ackNanos) {}

    final Map<UUID, Ack> acked = new ConcurrentHashMap<>();
    final Map<UUID, String> unresolved = new ConcurrentHashMap<>();
    final Map<UUID, String> rejected = new ConcurrentHashMap<>();
    final AtomicInteger emptyAcks = new AtomicInteger();
    /** Answers to a write that failed in a way the contract does not allow: a 5xx other than 503, a 503 without Retry-After. */
    final Map<String, String> offContract = new ConcurrentHashMap<>();

    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final ExecutorService clients;
    private final long hardDeadlineNanos;
    private volatile boolean stopping;

    private Load(Fleet fleet, Duration hardDeadline) {
        this.hardDeadlineNanos = System.nanoTime() + hardDeadline.toNanos();
        this.clients = Executors.newFixedThreadPool(FaultSettings.CLIENTS, r -> {
            Thread thread = new Thread(r, "fault-client");
            thread.setDaemon(true);
            return thread;
        });
        for (int c = 0; c < FaultSettings.CLIENTS; c++) {
            Fleet.Owner owner = fleet.owners().get(c % fleet.owners().size());
            int client = c;
            clients.submit(() -> run(client, owner));
        }
    }

    static Load start(Fleet fleet, Duration hardDeadline) {
        return new Load(fleet, hardDeadline);
    }

    int acknowledged() {
        return acked.size();
    }

    /** Waits (bounded) until {@code count} more posts have been acknowledged than now. */
    void awaitMoreAcks(int count, Duration atMost) {
        int target = acked.size() + count;
        await("at least " + target + " posts acknowledged")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> acked.size() >= target);
    }

    /**
     * Waits (bounded) until a post sent after {@code nanos} (the fault) is acknowledged; returns the seconds from
     * the fault to that acknowledgement.
     */
    double awaitAckAfter(long nanos, Duration atMost) {
        await("a post sent after the fault acknowledged")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> acked.values().stream().anyMatch(ack -> ack.sentNanos() > nanos));
        long first = acked.values().stream()
                .filter(ack -> ack.sentNanos() > nanos)
                .mapToLong(Ack::ackNanos)
                .min()
                .orElseThrow();
        return Math.round((first - nanos) / 1e7) / 100.0;
    }

    /** Asks the clients to stop and waits (bounded) for each to settle the post it has in flight. */
    void stopAndDrain() {
        stopping = true;
        clients.shutdown();
        try {
            if (!clients.awaitTermination(FaultSettings.DRAIN.toSeconds(), TimeUnit.SECONDS)) {
                clients.shutdownNow();
                clients.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clients.shutdownNow();
        }
    }

    @Override
    public void close() {
        stopping = true;
        clients.shutdownNow();
    }

    /** Every answer the clients got, by status or failure, over all attempts. */
    Map<String, Long> answers() {
        Map<String, Long> counts = new TreeMap<>();
        answers.forEach((label, count) -> counts.put(label, count.sum()));
        return counts;
    }

    Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("postsAcknowledged", acked.size());
        figures.put(
                "acknowledgedOnARetry",
                acked.values().stream().filter(a -> a.attempts() > 1).count());
        figures.put("acknowledgedWithoutTheMessage", emptyAcks.get());
        figures.put("postsUnresolved", unresolved.size());
        figures.put("postsRejected", rejected.size());
        figures.put("rejections", new ArrayList<>(rejected.values()).subList(0, Math.min(5, rejected.size())));
        figures.put("answers", answers());
        figures.put("offContractAnswers", Map.copyOf(offContract));
        return figures;
    }

    private void run(int client, Fleet.Owner owner) {
        Http http = owner.user().ownConnections();
        Random random = new Random(client);
        for (int n = 0;
                n < FaultSettings.MAX_POSTS_PER_CLIENT
                        && !stopping
                        && !pastDeadline()
                        && !Thread.currentThread().isInterrupted();
                n++) {
            String session =
                    owner.sessionIds().get(random.nextInt(owner.sessionIds().size()));
            Post post =
                    new Post(UUID.randomUUID(), session, "client " + client + " post " + n + " " + UUID.randomUUID());
            settle(http, post);
        }
    }

    private void settle(Http http, Post post) {
        Map<String, Object> body = Map.of(
                "id",
                post.id().toString(),
                "chatSessionId",
                post.sessionId(),
                "role",
                "user",
                "content",
                post.content());
        String last = "not tried";
        for (int attempt = 1;
                attempt <= FaultSettings.MAX_ATTEMPTS
                        && !pastDeadline()
                        && !Thread.currentThread().isInterrupted();
                attempt++) {
            long sent = System.nanoTime();
            Http.Answer answer = http.post("/api/chat-messages", body);
            answers.computeIfAbsent(answer.label(), key -> new LongAdder()).increment();
            last = answer.toString();
            if (answer.status() == 200 || answer.status() == 201) {
                boolean carriesIt = answer.body() != null
                        && answer.body().contains(post.id().toString());
                if (!carriesIt) {
                    emptyAcks.incrementAndGet();
                }
                acked.put(post.id(), new Ack(post, answer.status(), attempt, !carriesIt, sent, System.nanoTime()));
                return;
            }
            if ((answer.status() >= 500 && answer.status() != 503)
                    || (answer.status() == 503 && answer.retryAfter() == null)) {
                offContract.putIfAbsent(
                        answer.status() + (answer.status() == 503 ? " without Retry-After" : ""), answer.toString());
            }
            boolean retry =
                    answer.status() < 0 || answer.status() >= 500 || answer.status() == 429 || answer.status() == 408;
            if (!retry) {
                rejected.put(post.id(), "attempt " + attempt + ": " + answer);
                return;
            }
            try {
                await().pollDelay(pause(answer))
                        .pollInterval(Duration.ofMillis(100))
                        .atMost(FaultSettings.SERVICE_BACK)
                        .until(http::answers);
            } catch (ConditionTimeoutException e) {
                last = "the service did not answer for " + FaultSettings.SERVICE_BACK;
            } catch (RuntimeException e) { // interrupted: the load is being closed
                break;
            }
        }
        unresolved.put(post.id(), last);
    }

    /** Before a retry: the answer's Retry-After (at most 5 s), as a polite client does; else 100 ms. */
    private static Duration pause(Http.Answer answer) {
        try {
            if (answer.retryAfter() != null) {
                return Duration.ofSeconds(Math.min(
                                5,
                                Math.max(0, Long.parseLong(answer.retryAfter().strip()))))
                        .plusMillis(100);
            }
        } catch (NumberFormatException e) {
            // an HTTP date: the short pause
        }
        return Duration.ofMillis(100);
    }

    private boolean pastDeadline() {
        return System.nanoTime() - hardDeadlineNanos > 0;
    }
}
