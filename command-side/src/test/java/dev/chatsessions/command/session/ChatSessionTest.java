package dev.chatsessions.command.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.DeleteSession;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.PostMessage;
import dev.chatsessions.api.PostedMessage;
import dev.chatsessions.api.RenameSession;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ResourceNotFound;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatSessionTest {

    private static final String OWNER = "alice";
    private static final String STRANGER = "mallory";

    private final UUID sessionId = UUID.randomUUID();
    private final UUID projectId = UUID.randomUUID();

    private AggregateTestFixture<ChatSession> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ChatSession.class);
    }

    private SessionCreated created(String name) {
        return new SessionCreated(sessionId, projectId, OWNER, name);
    }

    private MessagePosted posted(UUID messageId, long seq, Role role, String content) {
        return new MessagePosted(sessionId, messageId, seq, role, content, MessageStatus.COMPLETE, null);
    }

    private PostMessage post(UUID messageId, Role role, String content) {
        return new PostMessage(sessionId, messageId, OWNER, role, content);
    }

    // --- creation ---

    @Test
    void defaultsNameToNewChat() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new ChatSession(sessionId, projectId, OWNER, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created("New Chat"));
    }

    @Test
    void defaultsBlankNameToNewChat() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new ChatSession(sessionId, projectId, OWNER, "  \t "))
                .expectEvents(created("New Chat"));
    }

    @Test
    void trimsRequestedName() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new ChatSession(sessionId, projectId, OWNER, "  Plans  "))
                .expectEvents(created("Plans"));
    }

    @Test
    void rejectsTooLongRequestedName() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new ChatSession(sessionId, projectId, OWNER, "x".repeat(101)))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    @Test
    void acceptsNameOfExactlyOneHundredCharacters() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new ChatSession(sessionId, projectId, OWNER, "x".repeat(100)))
                .expectEvents(created("x".repeat(100)));
    }

    // --- auto-naming ---

    @Test
    void renamesOnFirstUserMessage() {
        UUID messageId = UUID.randomUUID();
        fixture.given(created("New Chat"))
                .when(post(messageId, Role.USER, "How do I add a login page?"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        posted(messageId, 1, Role.USER, "How do I add a login page?"),
                        new SessionRenamed(sessionId, "How do I add a login page?", true))
                .expectState(session -> assertThat(session.view().name()).isEqualTo("How do I add a login page?"));
    }

    @Test
    void answersWithTheSavedMessageAndTheAutoNamedSession() {
        UUID messageId = UUID.randomUUID();
        Instant now = fixture.currentTime().truncatedTo(ChronoUnit.MILLIS);
        fixture.given(created("New Chat"))
                .when(post(messageId, Role.USER, "Build me a todo app"))
                .expectResultMessagePayload(new PostedMessage(
                        new MessageView(
                                messageId, sessionId, 1, Role.USER, "Build me a todo app", MessageStatus.COMPLETE, now),
                        new SessionView(sessionId, projectId, "Build me a todo app", now, now, 1, now)));
    }

    @Test
    void doesNotRenameOnSecondUserMessage() {
        UUID messageId = UUID.randomUUID();
        fixture.given(
                        created("New Chat"),
                        posted(UUID.randomUUID(), 1, Role.USER, "First question"),
                        new SessionRenamed(sessionId, "First question", true))
                .when(post(messageId, Role.USER, "Second question"))
                .expectEvents(posted(messageId, 2, Role.USER, "Second question"));
    }

    @Test
    void doesNotRenameOnAssistantMessage() {
        UUID messageId = UUID.randomUUID();
        fixture.given(created("New Chat"))
                .when(post(messageId, Role.ASSISTANT, "Hello! What shall we build?"))
                .expectEvents(posted(messageId, 1, Role.ASSISTANT, "Hello! What shall we build?"))
                .expectState(session -> assertThat(session.view().name()).isEqualTo("New Chat"));
    }

    @Test
    void renamesOnFirstUserMessageAfterAnAssistantMessage() {
        UUID messageId = UUID.randomUUID();
        fixture.given(created("New Chat"), posted(UUID.randomUUID(), 1, Role.ASSISTANT, "Hello!"))
                .when(post(messageId, Role.USER, "A blog, please"))
                .expectEvents(
                        posted(messageId, 2, Role.USER, "A blog, please"),
                        new SessionRenamed(sessionId, "A blog, please", true));
    }

    @Test
    void keepsManualNameOverAutoName() {
        UUID messageId = UUID.randomUUID();
        fixture.given(created("New Chat"), new SessionRenamed(sessionId, "My name", false))
                .when(post(messageId, Role.USER, "Something else entirely"))
                .expectEvents(posted(messageId, 1, Role.USER, "Something else entirely"))
                .expectState(session -> assertThat(session.view().name()).isEqualTo("My name"));
    }

    @Test
    void keepsNameGivenAtCreationOverAutoName() {
        UUID messageId = UUID.randomUUID();
        fixture.given(created("Chosen at creation"))
                .when(post(messageId, Role.USER, "Something else entirely"))
                .expectEvents(posted(messageId, 1, Role.USER, "Something else entirely"));
    }

    @Test
    void autoNamesFromFirstNonBlankLineCut() {
        UUID messageId = UUID.randomUUID();
        String content = "\n   \nPlease   build a landing page for my bakery with an online order form\nthanks";
        fixture.given(created("New Chat"))
                .when(post(messageId, Role.USER, content))
                .expectEvents(
                        posted(messageId, 1, Role.USER, content),
                        new SessionRenamed(sessionId, "Please build a landing page for my bakery with an...", true));
    }

    // --- input ---

    @Test
    void rejectsBlankContent() {
        fixture.given(created("New Chat"))
                .when(post(UUID.randomUUID(), Role.USER, " \n\t "))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    @Test
    void rejectsEmptyContent() {
        fixture.given(created("New Chat"))
                .when(post(UUID.randomUUID(), Role.USER, ""))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    @Test
    void rejectsMissingContent() {
        fixture.given(created("New Chat"))
                .when(post(UUID.randomUUID(), Role.ASSISTANT, null))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    @Test
    void rejectsMissingRole() {
        fixture.given(created("New Chat"))
                .when(post(UUID.randomUUID(), null, "hello"))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    // --- ordering ---

    @Test
    void numbersMessagesWithoutGaps() {
        UUID third = UUID.randomUUID();
        fixture.given(
                        created("New Chat"),
                        posted(UUID.randomUUID(), 1, Role.USER, "one"),
                        new SessionRenamed(sessionId, "one", true),
                        posted(UUID.randomUUID(), 2, Role.ASSISTANT, "two"))
                .when(post(third, Role.USER, "three"))
                .expectEvents(posted(third, 3, Role.USER, "three"))
                .expectState(
                        session -> assertThat(session.view().messageCount()).isEqualTo(3));
    }

    // --- rename ---

    @Test
    void renamesByHand() {
        fixture.given(created("New Chat"))
                .when(new RenameSession(sessionId, OWNER, "  Roadmap  "))
                .expectEvents(new SessionRenamed(sessionId, "Roadmap", false));
    }

    @Test
    void rejectsBlankOrTooLongName() {
        fixture.given(created("New Chat"))
                .when(new RenameSession(sessionId, OWNER, "   "))
                .expectException(RejectedInput.class)
                .expectNoEvents();
        fixture.given(created("New Chat"))
                .when(new RenameSession(sessionId, OWNER, "n".repeat(101)))
                .expectException(RejectedInput.class)
                .expectNoEvents();
        fixture.given(created("New Chat"))
                .when(new RenameSession(sessionId, OWNER, null))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    // --- deletion ---

    @Test
    void deletesSession() {
        fixture.given(created("New Chat"))
                .when(new DeleteSession(sessionId, OWNER))
                .expectEvents(new SessionDeleted(sessionId, projectId))
                .expectMarkedDeleted();
    }

    @Test
    void rejectsMessagesAfterDeletion() {
        fixture.given(created("New Chat"), new SessionDeleted(sessionId, projectId))
                .when(post(UUID.randomUUID(), Role.USER, "anyone there?"))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();
    }

    @Test
    void rejectsRenameAfterDeletion() {
        fixture.given(created("New Chat"), new SessionDeleted(sessionId, projectId))
                .when(new RenameSession(sessionId, OWNER, "Too late"))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();
    }

    @Test
    void rejectsSecondDeletion() {
        fixture.given(created("New Chat"), new SessionDeleted(sessionId, projectId))
                .when(new DeleteSession(sessionId, OWNER))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();
    }

    // --- ownership ---

    @Test
    void rejectsCommandsOfAnotherUser() {
        fixture.given(created("New Chat"))
                .when(new PostMessage(sessionId, UUID.randomUUID(), STRANGER, Role.USER, "hi"))
                .expectException(ResourceNotFound.class)
                .expectNoEvents();
        fixture.given(created("New Chat"))
                .when(new RenameSession(sessionId, STRANGER, "Mine now"))
                .expectException(ResourceNotFound.class)
                .expectNoEvents();
        fixture.given(created("New Chat"))
                .when(new DeleteSession(sessionId, STRANGER))
                .expectException(ResourceNotFound.class)
                .expectNoEvents();
    }

    @Test
    void answersRenameWithTheRenamedView() {
        Instant now = fixture.currentTime().truncatedTo(ChronoUnit.MILLIS);
        fixture.given(created("New Chat"))
                .when(new RenameSession(sessionId, OWNER, "Roadmap"))
                .expectResultMessagePayload(new SessionView(sessionId, projectId, "Roadmap", now, now, 0, null));
    }
}
