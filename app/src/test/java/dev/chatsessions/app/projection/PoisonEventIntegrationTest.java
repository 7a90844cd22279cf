package dev.chatsessions.app.projection;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.Role;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An event a projection cannot fold stops nothing but its own session: it parks in the dead-letter queue with the
 * later events of that session, every other session's events flow on, and it is visible, counted and retryable.
 */
class PoisonEventIntegrationTest extends HttpIntegrationTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionManager transactionManager;

    @Test
    void anEventThatCannotBeFoldedParksWithItsSessionWhileOtherSessionsFlow() {
        String poisoned = api.newSession().get("id").asText();
        api.postMessage(poisoned, "user", "before the poison");
        // stored before the rule that refuses U+0000 at the door: PostgreSQL cannot store it in a text column
        appendMessage(poisoned, "a\u0000b");
        String after = api.postMessage(poisoned, "assistant", "after the poison")
                .get("message")
                .get("id")
                .asText();

        var other = api.asNewUser();
        String flowing = other.newSession().get("id").asText();
        other.postMessage(flowing, "user", "still flowing");

        assertThat(items(other.messages(flowing)))
                .extracting(m -> m.get("content").asText())
                .containsExactly("still flowing");
        assertThat(items(api.messages(poisoned)))
                .extracting(m -> m.get("content").asText())
                .containsExactly("before the poison");
        // Both projections that store message text park it (and the session's later event); the others fold it.
        // The messages read above waited for its projection only: the search projection may park a moment later.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(parked(poisoned))
                        .extracting(p -> p.get("projection").asText())
                        .containsExactlyInAnyOrder("messages", "messages", "search", "search"));
        List<JsonNode> parked = parked(poisoned);
        assertThat(parked).extracting(p -> p.get("eventType").asText()).containsOnly("MessagePosted");
        var eventsOf = parked.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        p -> p.get("projection").asText(),
                        java.util.stream.Collectors.mapping(
                                p -> p.get("eventId").asText(), java.util.stream.Collectors.toList())));
        assertThat(eventsOf.get("messages"))
                .hasSize(2)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(eventsOf.get("search"));
        JsonNode health = admin().get("/actuator/health").expect(200).json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/deadLetters/details/parked").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(admin().get("/actuator/metrics/chat.dead.letters")
                        .expect(200)
                        .json()
                        .at("/measurements/0/value")
                        .asDouble())
                .isGreaterThanOrEqualTo(2);

        // Deleting the session releases its parked events, and every projection folds the deletion.
        api.delete("/api/chat-sessions/" + poisoned).expect(204);
        assertThat(parked(poisoned)).isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        api.get("/api/chat-sessions/" + poisoned + "/messages").expect(404));
        assertThat(jdbc.sql("select count(*) from chat_message where session_id = ?::uuid or id = ?::uuid")
                        .params(poisoned, after)
                        .query(Long.class)
                        .single())
                .isZero();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jdbc.sql(
                                        "select count(*) from search_message where session_id = ?::uuid or id = ?::uuid")
                                .params(poisoned, after)
                                .query(Long.class)
                                .single())
                        .isZero());
    }

    @Test
    void parkedEventsFoldAgainOnRetryOnceTheCauseIsMended() {
        String sessionId = api.newSession().get("id").asText();
        jdbc.sql("alter table chat_message add constraint no_poison check (content <> 'poison') not valid")
                .update();
        try {
            api.postMessage(sessionId, "user", "poison");
            assertThat(items(api.messages(sessionId))).isEmpty();
            JsonNode letter = parked(sessionId).get(0);
            assertThat(letter.get("cause").asText()).contains("23514").doesNotContain("poison");
        } finally {
            jdbc.sql("alter table chat_message drop constraint no_poison").update();
        }

        JsonNode retried = admin().postWithoutBody("/api/admin/dead-letters/retry")
                .expect(200)
                .json();

        assertThat(retried.get("folded").asInt()).isPositive();
        assertThat(parked(sessionId)).isEmpty();
        assertThat(items(api.messages(sessionId)))
                .extracting(m -> m.get("content").asText())
                .containsExactly("poison");
    }

    @Test
    void deadLettersAreForAdminsOnly() {
        api.get("/api/admin/dead-letters").expectProblem(403, "/api/admin/dead-letters");
        api.postWithoutBody("/api/admin/dead-letters/retry").expectProblem(403, "/api/admin/dead-letters/retry");
    }

    /** Appends the event in a unit of work and transaction, as a command appends its events. */
    private void appendMessage(String sessionId, String content) {
        UUID session = UUID.fromString(sessionId);
        long next = eventStore.lastSequenceNumberFor(sessionId).orElse(-1L) + 1;
        long seq = api.session(sessionId).get("messageCount").asLong() + 1;
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> eventStore.publish(new GenericDomainEventMessage<>(
                "ChatSession",
                sessionId,
                next,
                new MessagePosted(session, UUID.randomUUID(), seq, Role.USER, content, MessageStatus.COMPLETE, null))));
    }

    private List<JsonNode> parked(String sessionId) {
        return items(admin().get("/api/admin/dead-letters").expect(200).json()).stream()
                .filter(p -> p.get("sessionId").asText().equals(sessionId))
                .toList();
    }

    private Api admin() {
        return Api.adminAt(port);
    }
}
