package dev.chatsessions.app.projection;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.Role;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An event takes its position when it is inserted and becomes visible when its transaction commits: one committed
 * after events with later positions is still folded by the projections (Axon's gap handling), not skipped.
 */
class LateCommitIntegrationTest extends HttpIntegrationTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anEventCommittedAfterLaterOnesIsStillProjected() throws Exception {
        String lateSession = api.newSession().get("id").asText();
        api.postMessage(lateSession, "user", "on time");
        var inserted = new CountDownLatch(1);
        var release = new CountDownLatch(1);

        CompletableFuture<Void> lateCommit =
                CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    long next = eventStore.lastSequenceNumberFor(lateSession).orElseThrow() + 1;
                    eventStore.publish(new GenericDomainEventMessage<>(
                            "ChatSession",
                            lateSession,
                            next,
                            new MessagePosted(
                                    UUID.fromString(lateSession),
                                    UUID.randomUUID(),
                                    2,
                                    Role.ASSISTANT,
                                    "committed late",
                                    MessageStatus.COMPLETE,
                                    null)));
                    inserted.countDown();
                    awaitQuietly(release);
                }));
        assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();

        String otherSession = api.newSession().get("id").asText();
        api.postMessage(otherSession, "user", "posted after, committed first");
        assertThat(items(api.messages(otherSession))).hasSize(1);

        release.countDown();
        lateCommit.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(items(api.messages(lateSession)))
                        .extracting(m -> m.get("content").asText())
                        .containsExactly("on time", "committed late"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
