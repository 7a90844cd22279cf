package dev.chatsessions.command.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.CheckProjectOwner;
import dev.chatsessions.api.ImportSession;
import dev.chatsessions.api.ImportedMessage;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionImported;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.Names;
import dev.chatsessions.command.ResourceNotFound;
import dev.chatsessions.command.session.ChatSession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositoryProvider;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Importing a conversation through its project; the new session's events are read as in {@link ProjectTest}. */
class ProjectImportTest {

    private static final String OWNER = "alice";
    private static final Instant BEGAN = Instant.parse("2023-11-14T22:13:20.123Z");

    private final UUID projectId = UUID.randomUUID();
    private final UUID sessionId = UUID.randomUUID();

    private AggregateTestFixture<Project> fixture;
    private EventStore sessionEvents;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Project.class);
        sessionEvents = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        Repository<ChatSession> sessions = EventSourcingRepository.builder(ChatSession.class)
                .eventStore(sessionEvents)
                .build();
        fixture.registerRepositoryProvider(new RepositoryProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Repository<T> repositoryFor(Class<T> aggregateType) {
                return aggregateType == ChatSession.class ? (Repository<T>) sessions : null;
            }
        });
    }

    private Instant now() {
        return fixture.currentTime().truncatedTo(ChronoUnit.MILLIS);
    }

    private List<Object> eventsOfSession() {
        return sessionEvents
                .readEvents(sessionId.toString())
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();
    }

    private ImportSession importing(String title, ImportedMessage... messages) {
        return new ImportSession(
                projectId, sessionId, OWNER, title, "chatgpt", "conversation-1", BEGAN, Arrays.asList(messages));
    }

    @Test
    void importsAConversationAsASessionWithItsMessagesInOrderAndTheirOriginalTimes() {
        Instant asked = BEGAN.plusSeconds(1);
        fixture.given(new ProjectCreated(projectId, OWNER, "Shop", null))
                .when(importing(
                        "  Lisbon  ",
                        new ImportedMessage(Role.USER, "Plan a trip", MessageStatus.COMPLETE, asked),
                        new ImportedMessage(Role.ASSISTANT, "Day 1", null, null)))
                .expectEvents()
                .expectResultMessagePayload(
                        new SessionView(sessionId, projectId, "Lisbon", now(), now(), 2, now(), BEGAN));

        List<Object> events = eventsOfSession();
        assertThat(events.get(0))
                .isEqualTo(new SessionImported(
                        sessionId,
                        projectId,
                        OWNER,
                        "Lisbon",
                        "chatgpt",
                        "conversation-1",
                        BEGAN,
                        Arrays.asList(asked, null)));
        assertThat(events.subList(1, 3))
                .extracting(
                        e -> ((MessagePosted) e).seq(),
                        e -> ((MessagePosted) e).role(),
                        e -> ((MessagePosted) e).content(),
                        e -> ((MessagePosted) e).status())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, Role.USER, "Plan a trip", MessageStatus.COMPLETE),
                        org.assertj.core.groups.Tuple.tuple(2L, Role.ASSISTANT, "Day 1", MessageStatus.COMPLETE));
    }

    @Test
    void namesAConversationWithoutTitleAndCutsALongOne() {
        fixture.given(new ProjectCreated(projectId, OWNER, "Shop", null))
                .when(importing(null))
                .expectResultMessagePayload(
                        new SessionView(sessionId, projectId, ChatSession.IMPORTED_NAME, now(), now(), 0, null, BEGAN));

        // counted in characters (code points), as names are: an emoji is one
        String fits = "b".repeat(Names.MAX_LENGTH - 1) + "\uD83D\uDE8B";
        fixture.given(new ProjectCreated(projectId, OWNER, "Shop", null))
                .when(new ImportSession(projectId, UUID.randomUUID(), OWNER, fits, "chatgpt", "c-2", null, List.of()))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(
                        view -> ((SessionView) view).name().equals(fits)));

        String tooLong = "b".repeat(Names.MAX_LENGTH) + "\uD83D\uDE8B";
        fixture.given(new ProjectCreated(projectId, OWNER, "Shop", null))
                .when(new ImportSession(
                        projectId, UUID.randomUUID(), OWNER, tooLong, "chatgpt", "c-3", null, List.of()))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(
                        view -> ((SessionView) view).name().equals("b".repeat(Names.MAX_LENGTH))));
    }

    @Test
    void onlyTheProjectsOwnerImportsIntoIt() {
        fixture.given(new ProjectCreated(projectId, OWNER, "Shop", null))
                .when(new ImportSession(projectId, sessionId, "mallory", "x", "chatgpt", "c", null, List.of()))
                .expectException(ResourceNotFound.class);
        assertThat(eventsOfSession()).isEmpty();

        fixture.given(new ProjectCreated(projectId, OWNER, "Shop", null))
                .when(new CheckProjectOwner(projectId, "mallory"))
                .expectException(ResourceNotFound.class);
        fixture.given(new ProjectCreated(projectId, OWNER, "Shop", null))
                .when(new CheckProjectOwner(projectId, OWNER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
