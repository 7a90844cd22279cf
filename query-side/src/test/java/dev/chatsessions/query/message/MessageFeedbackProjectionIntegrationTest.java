package dev.chatsessions.query.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.Feedback;
import dev.chatsessions.api.FeedbackCleared;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.Rating;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.query.projection.ReadModelDatabase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageFeedbackProjectionIntegrationTest {

    private static final Instant T0 = Instant.parse("2025-10-12T15:30:00.123456Z");

    private static final ReadModelDatabase db = ReadModelDatabase.shared();
    private MessageProjection projection;
    private final UUID sessionId = UUID.randomUUID();
    private final UUID question = UUID.randomUUID();
    private final UUID reply = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        db.clear();
        projection = new MessageProjection(db.jdbc(), db.writes());
        projection.on(new SessionCreated(sessionId, UUID.randomUUID(), "alice", "New Chat"));
        projection.on(new MessagePosted(sessionId, question, 1, Role.USER, "Why?", MessageStatus.COMPLETE, null), T0);
        projection.on(
                new MessagePosted(sessionId, reply, 2, Role.ASSISTANT, "Because.", MessageStatus.COMPLETE, null), T0);
    }

    private List<MessageView> messages() {
        return projection
                .handle(new FindMessages("alice", sessionId, 50, null, false))
                .orElseThrow()
                .items();
    }

    @Test
    void aMessageHasNoFeedbackUntilGivenAndNoneAfterItIsCleared() {
        assertThat(messages()).extracting(MessageView::feedback).containsExactly(null, null);

        projection.on(new FeedbackGiven(sessionId, reply, Rating.DOWN, "Too short"));
        assertThat(messages())
                .extracting(MessageView::feedback)
                .containsExactly(null, new Feedback(Rating.DOWN, "Too short"));

        projection.on(new FeedbackGiven(sessionId, reply, Rating.UP, null));
        assertThat(messages().get(1).feedback()).isEqualTo(new Feedback(Rating.UP, null));

        projection.on(new FeedbackCleared(sessionId, reply));
        assertThat(messages().get(1).feedback()).isNull();
    }

    @Test
    void feedbackNamingAnotherSessionChangesNothing() {
        projection.on(new FeedbackGiven(UUID.randomUUID(), reply, Rating.UP, "elsewhere"));

        assertThat(messages().get(1).feedback()).isNull();
    }

    @Test
    void deletingTheSessionRemovesItsFeedbackWithItsMessages() {
        projection.on(new FeedbackGiven(sessionId, reply, Rating.UP, "keep?"));

        projection.on(new SessionDeleted(sessionId, UUID.randomUUID()));

        assertThat(db.jdbc()
                        .sql("select count(*) from chat_message where feedback_rating is not null")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(db.rows("chat_message")).isEmpty();
    }

    @Test
    void aBatchOfFeedbackFoldsAsEventByEvent() throws Throwable {
        db.clear();
        UUID other = UUID.randomUUID();
        List<EventMessage<?>> events = List.of(
                GenericEventMessage.asEventMessage(new SessionCreated(sessionId, UUID.randomUUID(), "alice", "A")),
                GenericEventMessage.asEventMessage(
                        new MessagePosted(sessionId, reply, 1, Role.ASSISTANT, "a", MessageStatus.COMPLETE, null)),
                GenericEventMessage.asEventMessage(
                        new MessagePosted(sessionId, other, 2, Role.ASSISTANT, "b", MessageStatus.FAILED, null)),
                GenericEventMessage.asEventMessage(new FeedbackGiven(sessionId, reply, Rating.UP, "one")),
                GenericEventMessage.asEventMessage(new FeedbackGiven(sessionId, other, Rating.DOWN, null)),
                GenericEventMessage.asEventMessage(new FeedbackGiven(sessionId, reply, Rating.DOWN, "two")),
                GenericEventMessage.asEventMessage(new FeedbackCleared(sessionId, other)));

        db.assertOneBatchFoldsAsEventByEvent(events, projection, "chat_message");

        assertThat(messages())
                .extracting(MessageView::feedback)
                .containsExactly(new Feedback(Rating.DOWN, "two"), null);
    }
}
