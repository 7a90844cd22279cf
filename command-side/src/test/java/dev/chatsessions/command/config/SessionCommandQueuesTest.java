package dev.chatsessions.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.command.TooManyRequests;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands on one aggregate queue in its own lane: bounded there, and never in the way of other aggregates. */
class SessionCommandQueuesTest {

    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger holding = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        clients.shutdownNow();
    }

    @Test
    void commandBeyondTheLimitOnOneSessionIsRefusedWhileOtherSessionsProceed() throws Exception {
        var queues = new SessionCommandQueues(2, Duration.ofMillis(200));
        UUID hot = UUID.randomUUID();
        Future<String> first = clients.submit(() -> queues.run(hot, this::held));
        Future<String> second = clients.submit(() -> queues.run(hot, this::held));
        await().atMost(Duration.ofSeconds(10)).until(() -> holding.get() == 2);

        assertThatThrownBy(() -> queues.run(hot, () -> "third"))
                .isInstanceOfSatisfying(
                        TooManyRequests.class, e -> assertThat(e.retryAfter()).isPositive());
        assertThat(queues.run(UUID.randomUUID(), () -> "elsewhere")).isEqualTo("elsewhere");

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(queues.lanes()).isZero();
    }

    @Test
    void commandWaitingForItsTurnRunsWhenOneEnds() throws Exception {
        var queues = new SessionCommandQueues(1, Duration.ofSeconds(30));
        UUID hot = UUID.randomUUID();
        Future<String> running = clients.submit(() -> queues.run(hot, this::held));
        await().atMost(Duration.ofSeconds(10)).until(() -> holding.get() == 1);
        Future<String> next = clients.submit(() -> queues.run(hot, () -> "next"));

        release.countDown();

        assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("next");
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.lanes() == 0);
    }

    /** A command that holds its turn until the test lets it go. */
    private String held() {
        holding.incrementAndGet();
        try {
            release.await();
            return "done";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
