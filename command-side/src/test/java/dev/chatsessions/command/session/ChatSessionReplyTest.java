package dev.chatsessions.command.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.AskAssistant;
import dev.chatsessions.api.AskedAssistant;
import dev.chatsessions.api.FinishReply;
import dev.chatsessions.api.FollowReply;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.PostedMessage;
import dev.chatsessions.api.ReplyDetails;
import dev.chatsessions.api.ReplyStarted;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.StopReply;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ResourceNotFound;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session's rules for the assistant flow: one reply at a time, saved once, whatever its end. */
class ChatSessionReplyTest {

    private static final String OWNER = "ada";
    private final UUID sessionId = UUID.randomUUID();
    private final UUID projectId = UUID.randomUUID();
    private final UUID questionId = UUID.randomUUID();
    private final UUID replyId = UUID.randomUUID();
    private final ReplyDetails details = new ReplyDetails("m", "STOP", 10, 5, 15, 120L, 900L, null);

    private FixtureConfiguration<ChatSession> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ChatSession.class);
    }

    private SessionCreated created() {
        return new SessionCreated(sessionId, projectId, OWNER, ChatSession.DEFAULT_NAME);
    }

    private MessagePosted question(long seq) {
        return new MessagePosted(sessionId, questionId, seq, Role.USER, "Hello there", MessageStatus.COMPLETE, null);
    }

    @Test
    void savesQuestionNamesSessionAndStartsReplyAtomically() {
        fixture.given(created())
                .when(new AskAssistant(sessionId, questionId, OWNER, "Hello there", replyId))
                .expectEvents(
                        question(1),
                        new SessionRenamed(sessionId, "Hello there", true),
                        new ReplyStarted(sessionId, replyId, questionId))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(AskedAssistant.class));
    }

    @Test
    void answersWithTheSavedQuestionAndWhetherTheSessionWasRenamed() {
        fixture.given(created(), new SessionRenamed(sessionId, "Mine", false))
                .when(new AskAssistant(sessionId, questionId, OWNER, "Hello there", replyId))
                .expectEvents(question(1), new ReplyStarted(sessionId, replyId, questionId))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.<Object>anything());
        fixture.given(created())
                .when(new AskAssistant(sessionId, questionId, OWNER, "Hello there", replyId))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(new org.hamcrest.CustomMatcher<>("renamed question") {
                    @Override
                    public boolean matches(Object actual) {
                        var asked = (AskedAssistant) actual;
                        return asked.renamed()
                                && asked.replyId().equals(replyId)
                                && asked.userMessage().seq() == 1
                                && asked.session().name().equals("Hello there");
                    }
                });
    }

    @Test
    void rejectsQuestionWhileReplyRuns() {
        fixture.given(created(), question(1), new ReplyStarted(sessionId, replyId, questionId))
                .when(new AskAssistant(sessionId, UUID.randomUUID(), OWNER, "And another", UUID.randomUUID()))
                .expectException(ReplyInProgress.class)
                .expectNoEvents();
    }

    @Test
    void rejectsBlankQuestion() {
        fixture.given(created())
                .when(new AskAssistant(sessionId, questionId, OWNER, "  \n ", replyId))
                .expectException(RejectedInput.class);
    }

    @Test
    void hidesSessionFromOtherUsers() {
        fixture.given(created())
                .when(new AskAssistant(sessionId, questionId, "mallory", "Hi", replyId))
                .expectException(ResourceNotFound.class);
        fixture.given(created(), question(1), new ReplyStarted(sessionId, replyId, questionId))
                .when(new StopReply(sessionId, "mallory"))
                .expectException(ResourceNotFound.class);
    }

    @Test
    void savesFinishedReplyWithItsDetails() {
        fixture.given(created(), question(1), new ReplyStarted(sessionId, replyId, questionId))
                .when(new FinishReply(sessionId, replyId, "Hi!", MessageStatus.COMPLETE, details))
                .expectEvents(new MessagePosted(
                        sessionId, replyId, 2, Role.ASSISTANT, "Hi!", MessageStatus.COMPLETE, details))
                .expectResultMessagePayloadMatching(new org.hamcrest.CustomMatcher<>("saved reply") {
                    @Override
                    public boolean matches(Object actual) {
                        var posted = (PostedMessage) actual;
                        return posted.message().seq() == 2
                                && posted.message().role() == Role.ASSISTANT
                                && posted.session().messageCount() == 2;
                    }
                });
    }

    @Test
    void savesEmptyStoppedOrFailedReply() {
        fixture.given(created(), question(1), new ReplyStarted(sessionId, replyId, questionId))
                .when(new FinishReply(sessionId, replyId, "", MessageStatus.STOPPED, null))
                .expectEvents(
                        new MessagePosted(sessionId, replyId, 2, Role.ASSISTANT, "", MessageStatus.STOPPED, null));
        fixture.given(created(), question(1), new ReplyStarted(sessionId, replyId, questionId))
                .when(new FinishReply(sessionId, replyId, null, MessageStatus.FAILED, null))
                .expectEvents(new MessagePosted(sessionId, replyId, 2, Role.ASSISTANT, "", MessageStatus.FAILED, null));
    }

    @Test
    void rejectsBlankCompleteReply() {
        fixture.given(created(), question(1), new ReplyStarted(sessionId, replyId, questionId))
                .when(new FinishReply(sessionId, replyId, " ", MessageStatus.COMPLETE, details))
                .expectException(RejectedInput.class);
    }

    @Test
    void savesReplyOnlyOnce() {
        fixture.given(
                        created(),
                        question(1),
                        new ReplyStarted(sessionId, replyId, questionId),
                        new MessagePosted(sessionId, replyId, 2, Role.ASSISTANT, "Hi", MessageStatus.COMPLETE, details))
                .when(new FinishReply(sessionId, replyId, "Hi again", MessageStatus.FAILED, null))
                .expectException(NoReplyRunning.class);
        fixture.given(created())
                .when(new FinishReply(sessionId, replyId, "Hi", MessageStatus.COMPLETE, null))
                .expectException(NoReplyRunning.class);
    }

    @Test
    void takesQuestionsAgainOnceTheReplyIsSaved() {
        UUID next = UUID.randomUUID();
        UUID nextReply = UUID.randomUUID();
        fixture.given(
                        created(),
                        question(1),
                        new SessionRenamed(sessionId, "Hello there", true),
                        new ReplyStarted(sessionId, replyId, questionId),
                        new MessagePosted(sessionId, replyId, 2, Role.ASSISTANT, "", MessageStatus.FAILED, null))
                .when(new AskAssistant(sessionId, next, OWNER, "Again", nextReply))
                .expectEvents(
                        new MessagePosted(sessionId, next, 3, Role.USER, "Again", MessageStatus.COMPLETE, null),
                        new ReplyStarted(sessionId, nextReply, next));
    }

    @Test
    void stopAndFollowNameTheRunningReplyAndChangeNothing() {
        fixture.given(created(), question(1), new ReplyStarted(sessionId, replyId, questionId))
                .when(new StopReply(sessionId, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(replyId);
        fixture.given(created(), question(1), new ReplyStarted(sessionId, replyId, questionId))
                .when(new FollowReply(sessionId, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(replyId);
    }

    @Test
    void stopWithoutRunningReplyIsNotFound() {
        fixture.given(created()).when(new StopReply(sessionId, OWNER)).expectException(NoReplyRunning.class);
    }

    @Test
    void clientPostedMessagesKeepRevisionOneMeaning() {
        fixture.given(created())
                .when(new dev.chatsessions.api.PostMessage(sessionId, questionId, OWNER, Role.ASSISTANT, "Hi"))
                .expectEvents(new MessagePosted(
                        sessionId, questionId, 1, Role.ASSISTANT, "Hi", MessageStatus.COMPLETE, null));
        assertThat(details.totalTokens()).isEqualTo(15);
    }
}
