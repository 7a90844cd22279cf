package dev.chatsessions.command.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.DeleteSession;
import dev.chatsessions.api.ForkSession;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.PostMessage;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionForked;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.Names;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ResourceNotFound;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositoryProvider;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forking: the source session decides (owner, position, name) and the fork comes to life with
 * {@code AggregateLifecycle.createNew}. As in {@code ProjectTest}, the fork gets a repository on an event store of its
 * own, and its events are read from there; the source's messages come from a {@link StoredMessages} that answers
 * what the given events hold.
 */
class ChatSessionForkTest {

    private static final String OWNER = "alice";
    private static final String STRANGER = "mallory";

    private final UUID sessionId = UUID.randomUUID();
    private final UUID projectId = UUID.randomUUID();
    private final UUID forkId = UUID.randomUUID();
    private final List<MessagePosted> stored = new ArrayList<>();

    private AggregateTestFixture<ChatSession> fixture;
    private EventStore forkEvents;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ChatSession.class);
        forkEvents = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        Repository<ChatSession> forks = EventSourcingRepository.builder(ChatSession.class)
                .eventStore(forkEvents)
                .build();
        fixture.registerRepositoryProvider(new RepositoryProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Repository<T> repositoryFor(Class<T> aggregateType) {
                return aggregateType == ChatSession.class ? (Repository<T>) forks : null;
            }
        });
        fixture.registerInjectableResource((StoredMessages) (session, upToSeq) -> {
            assertThat(session).isEqualTo(sessionId);
            return stored.stream().filter(m -> m.seq() <= upToSeq).toList();
        });
    }

    private Instant now() {
        return fixture.currentTime().truncatedTo(ChronoUnit.MILLIS);
    }

    private List<Object> eventsOfFork() {
        return forkEvents
                .readEvents(forkId.toString())
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();
    }

    private SessionCreated created(String name) {
        return new SessionCreated(sessionId, projectId, OWNER, name);
    }

    /** A conversation of {@code count} messages, alternating user and assistant, the last reply stopped. */
    private Object[] conversation(String name, int count) {
        List<Object> events = new ArrayList<>(List.of(created(name)));
        for (int seq = 1; seq <= count; seq++) {
            boolean user = seq % 2 == 1;
            var message = new MessagePosted(
                    sessionId,
                    UUID.randomUUID(),
                    seq,
                    user ? Role.USER : Role.ASSISTANT,
                    (user ? "question " : "answer ") + seq,
                    seq == count && !user ? MessageStatus.STOPPED : MessageStatus.COMPLETE,
                    null);
            stored.add(message);
            events.add(message);
        }
        return events.toArray();
    }

    private ForkSession fork(Long upToSeq, String name) {
        return new ForkSession(sessionId, forkId, OWNER, upToSeq, name);
    }

    @Test
    void forksEveryMessageIntoANewSessionOfTheSameProjectWithNewIds() {
        fixture.given(conversation("Plans", 4))
                .when(fork(null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents()
                .expectResultMessagePayload(new SessionView(forkId, projectId, "Plans (fork)", now(), now(), 4, now()));

        List<Object> events = eventsOfFork();
        assertThat(events.get(0)).isEqualTo(new SessionForked(forkId, projectId, OWNER, "Plans (fork)", sessionId, 4));
        List<MessagePosted> copies = events.subList(1, events.size()).stream()
                .map(MessagePosted.class::cast)
                .toList();
        assertThat(copies).hasSize(4);
        for (int i = 0; i < copies.size(); i++) {
            MessagePosted copy = copies.get(i);
            MessagePosted source = stored.get(i);
            assertThat(copy.sessionId()).isEqualTo(forkId);
            assertThat(copy.messageId()).isNotEqualTo(source.messageId());
            assertThat(copy)
                    .usingRecursiveComparison()
                    .ignoringFields("sessionId", "messageId")
                    .isEqualTo(source);
        }
        assertThat(copies.get(3).status()).isEqualTo(MessageStatus.STOPPED);
    }

    @Test
    void forksTheMessagesUpToTheGivenPosition() {
        fixture.given(conversation("Plans", 4))
                .when(fork(2L, null))
                .expectResultMessagePayload(new SessionView(forkId, projectId, "Plans (fork)", now(), now(), 2, now()));

        assertThat(eventsOfFork())
                .hasSize(3)
                .first()
                .isEqualTo(new SessionForked(forkId, projectId, OWNER, "Plans (fork)", sessionId, 2));
        assertThat(eventsOfFork().subList(1, 3))
                .extracting(e -> ((MessagePosted) e).content())
                .containsExactly("question 1", "answer 2");
    }

    @Test
    void namesTheForkAsAskedTrimmed() {
        fixture.given(conversation("Plans", 2))
                .when(fork(1L, "  Try another way  "))
                .expectResultMessagePayload(
                        new SessionView(forkId, projectId, "Try another way", now(), now(), 1, now()));
    }

    @Test
    void rejectsATooLongName() {
        fixture.given(conversation("Plans", 2))
                .when(fork(null, "x".repeat(Names.MAX_LENGTH + 1)))
                .expectException(RejectedInput.class)
                .expectNoEvents();
        assertThat(eventsOfFork()).isEmpty();
    }

    @Test
    void rejectsAPositionBeyondTheLastMessage() {
        fixture.given(conversation("Plans", 2))
                .when(fork(3L, null))
                .expectException(RejectedInput.class)
                .expectExceptionMessage("must be between 1 and 2");
        assertThat(eventsOfFork()).isEmpty();
    }

    @Test
    void rejectsAPositionBelowOne() {
        fixture.given(conversation("Plans", 2)).when(fork(0L, null)).expectException(RejectedInput.class);
        assertThat(eventsOfFork()).isEmpty();
    }

    @Test
    void forksAnEmptySessionWhenNoPositionIsGivenButRefusesOne() {
        fixture.given(conversation("New Chat", 0))
                .when(fork(null, null))
                .expectResultMessagePayload(
                        new SessionView(forkId, projectId, "New Chat (fork)", now(), now(), 0, null));
        assertThat(eventsOfFork())
                .containsExactly(new SessionForked(forkId, projectId, OWNER, "New Chat (fork)", sessionId, 0));

        fixture.given(conversation("New Chat", 0))
                .when(new ForkSession(sessionId, UUID.randomUUID(), OWNER, 1L, null))
                .expectException(RejectedInput.class);
    }

    @Test
    void refusesTheSourcesOwnIdForTheFork() {
        fixture.given(conversation("Plans", 2))
                .when(new ForkSession(sessionId, sessionId, OWNER, null, null))
                .expectException(IdInUse.class)
                .expectNoEvents();
    }

    @Test
    void hidesTheSourceFromOtherUsers() {
        fixture.given(conversation("Plans", 2))
                .when(new ForkSession(sessionId, forkId, STRANGER, null, null))
                .expectException(ResourceNotFound.class);
        assertThat(eventsOfFork()).isEmpty();
    }

    @Test
    void refusesToForkADeletedSession() {
        fixture.given(created("Plans"), new SessionDeleted(sessionId, projectId))
                .when(fork(null, null))
                .expectException(AggregateDeletedException.class);
    }

    @Test
    void aForkIsNeverAutoNamedByItsFirstMessage() {
        fixture.given(new SessionForked(sessionId, projectId, OWNER, "New Chat (fork)", UUID.randomUUID(), 0))
                .when(new PostMessage(sessionId, forkId, OWNER, Role.USER, "A new direction"))
                .expectEvents(new MessagePosted(
                        sessionId, forkId, 1, Role.USER, "A new direction", MessageStatus.COMPLETE, null));
    }

    @Test
    void aForkCanBeDeletedByItsOwner() {
        fixture.given(new SessionForked(sessionId, projectId, OWNER, "Plans (fork)", UUID.randomUUID(), 0))
                .when(new DeleteSession(sessionId, OWNER))
                .expectEvents(new SessionDeleted(sessionId, projectId));
    }

    @Test
    void cutsTheDefaultNameToFitTheLimitWithoutSplittingACharacter() {
        assertThat(ChatSession.forkNameOf("Plans")).isEqualTo("Plans (fork)");
        String longest = "a".repeat(Names.MAX_LENGTH);
        assertThat(ChatSession.forkNameOf(longest)).hasSize(Names.MAX_LENGTH).endsWith(" (fork)");
        assertThat(Names.require("name", ChatSession.forkNameOf(longest))).isEqualTo(ChatSession.forkNameOf(longest));

        int room = Names.MAX_LENGTH - ChatSession.FORK_SUFFIX.length();
        // counted in characters (code points), as names are: the emoji is one, and whole
        String emojiAtTheCut = "a".repeat(room - 1) + "\uD83D\uDE00" + "tail";
        assertThat(ChatSession.forkNameOf(emojiAtTheCut)).isEqualTo("a".repeat(room - 1) + "\uD83D\uDE00 (fork)");
    }
}
