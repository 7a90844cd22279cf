package dev.chatsessions.command.session;

import dev.chatsessions.api.ClearFeedback;
import dev.chatsessions.api.Feedback;
import dev.chatsessions.api.FeedbackCleared;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.GiveFeedback;
import dev.chatsessions.api.Rating;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ResourceNotFound;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feedback on assistant messages, decided with the messages' roles looked up rather than kept in the state. */
class ChatSessionFeedbackTest {

    private final UUID sessionId = UUID.randomUUID();
    private final UUID projectId = UUID.randomUUID();
    private final UUID reply = UUID.randomUUID();
    private final UUID question = UUID.randomUUID();
    private final UUID otherSessionsReply = UUID.randomUUID();

    private AggregateTestFixture<ChatSession> fixture;

    @BeforeEach
    void setUp() {
        Map<UUID, Role> roles = Map.of(reply, Role.ASSISTANT, question, Role.USER);
        fixture = new AggregateTestFixture<>(ChatSession.class);
        fixture.registerInjectableResource(new PostedMessages(null, null) {
            @Override
            public Optional<Role> roleOf(UUID session, UUID messageId) {
                return session.equals(sessionId) ? Optional.ofNullable(roles.get(messageId)) : Optional.empty();
            }
        });
    }

    private SessionCreated created() {
        return new SessionCreated(sessionId, projectId, "alice", "Roadmap");
    }

    private GiveFeedback give(UUID messageId, Rating rating, String comment) {
        return new GiveFeedback(sessionId, "alice", messageId, rating, comment);
    }

    @Test
    void givesFeedbackOnAnAssistantMessage() {
        fixture.given(created())
                .when(give(reply, Rating.UP, "  Spot on "))
                .expectEvents(new FeedbackGiven(sessionId, reply, Rating.UP, "Spot on"))
                .expectResultMessagePayload(new Feedback(Rating.UP, "Spot on"));
    }

    @Test
    void changesFeedbackAndTreatsABlankCommentAsNone() {
        fixture.given(created(), new FeedbackGiven(sessionId, reply, Rating.UP, "good"))
                .when(give(reply, Rating.DOWN, "  "))
                .expectEvents(new FeedbackGiven(sessionId, reply, Rating.DOWN, null));
    }

    @Test
    void clearsFeedback() {
        fixture.given(created(), new FeedbackGiven(sessionId, reply, Rating.UP, null))
                .when(new ClearFeedback(sessionId, "alice", reply))
                .expectEvents(new FeedbackCleared(sessionId, reply));
    }

    @Test
    void refusesUserMessages() {
        fixture.given(created())
                .when(give(question, Rating.UP, null))
                .expectException(RejectedInput.class)
                .expectNoEvents();
        fixture.given(created())
                .when(new ClearFeedback(sessionId, "alice", question))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    @Test
    void refusesAMissingRatingAndALongComment() {
        fixture.given(created())
                .when(give(reply, null, null))
                .expectException(RejectedInput.class)
                .expectNoEvents();
        fixture.given(created())
                .when(give(reply, Rating.DOWN, "x".repeat(ChatSession.MAX_FEEDBACK_COMMENT + 1)))
                .expectException(RejectedInput.class)
                .expectNoEvents();
        fixture.given(created())
                .when(give(reply, Rating.DOWN, "x".repeat(ChatSession.MAX_FEEDBACK_COMMENT)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void answersUnknownAndOtherSessionsMessagesAndOtherUsersAsNotFound() {
        fixture.given(created())
                .when(give(otherSessionsReply, Rating.UP, null))
                .expectException(ResourceNotFound.class)
                .expectNoEvents();
        fixture.given(created())
                .when(new GiveFeedback(sessionId, "mallory", reply, Rating.UP, null))
                .expectException(ResourceNotFound.class)
                .expectNoEvents();
        fixture.given(created(), new SessionDeleted(sessionId, projectId))
                .when(give(reply, Rating.UP, null))
                .expectException(AggregateDeletedException.class);
    }
}
