package dev.chatsessions.command.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.CreateProject;
import dev.chatsessions.api.CreateSession;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ResourceNotFound;
import dev.chatsessions.command.session.ChatSession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * Sessions are created through their project ({@code AggregateLifecycle.createNew}). The fixture's own event store
 * refuses events of any aggregate but the one under test ("Writing events for an unexpected aggregate"), so the
 * new {@link ChatSession} gets a repository on an event store of its own, and its events are read from there: the
 * fixture's {@code expectEvents} sees only the project's (none, for {@code CreateSession}).
 */
class ProjectTest {

    private static final String OWNER = "alice";
    private static final String STRANGER = "mallory";

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

    private ProjectCreated projectCreated() {
        return new ProjectCreated(projectId, OWNER, "Shop", null);
    }

    @Test
    void createsProjectWithTrimmedName() {
        fixture.givenNoPriorActivity()
                .when(new CreateProject(projectId, OWNER, "  Shop  ", "  A candle shop  "))
                .expectEvents(new ProjectCreated(projectId, OWNER, "Shop", "A candle shop"))
                .expectResultMessagePayload(new ProjectView(projectId, "Shop", "A candle shop", now()));
    }

    @Test
    void createsProjectWithoutDescription() {
        fixture.givenNoPriorActivity()
                .when(new CreateProject(projectId, OWNER, "Shop", null))
                .expectEvents(projectCreated());
    }

    @Test
    void rejectsBlankOrTooLongName() {
        fixture.givenNoPriorActivity()
                .when(new CreateProject(projectId, OWNER, " \t ", null))
                .expectException(RejectedInput.class)
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new CreateProject(projectId, OWNER, null, null))
                .expectException(RejectedInput.class)
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new CreateProject(projectId, OWNER, "p".repeat(101), null))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    @Test
    void acceptsNameOfExactlyOneHundredCharacters() {
        fixture.givenNoPriorActivity()
                .when(new CreateProject(projectId, OWNER, "p".repeat(100), null))
                .expectEvents(new ProjectCreated(projectId, OWNER, "p".repeat(100), null));
    }

    @Test
    void rejectsTooLongDescription() {
        fixture.givenNoPriorActivity()
                .when(new CreateProject(projectId, OWNER, "Shop", "d".repeat(2_001)))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    @Test
    void createsSessionForItsOwner() {
        fixture.given(projectCreated())
                .when(new CreateSession(projectId, sessionId, OWNER, "Checkout flow"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(
                        new SessionView(sessionId, projectId, "Checkout flow", now(), now(), 0, null));
        assertThat(eventsOfSession()).containsExactly(new SessionCreated(sessionId, projectId, OWNER, "Checkout flow"));
    }

    @Test
    void defaultsNameToNewChat() {
        fixture.given(projectCreated())
                .when(new CreateSession(projectId, sessionId, OWNER, null))
                .expectResultMessagePayload(new SessionView(sessionId, projectId, "New Chat", now(), now(), 0, null));
        assertThat(eventsOfSession()).containsExactly(new SessionCreated(sessionId, projectId, OWNER, "New Chat"));
    }

    @Test
    void rejectsSessionsOfAnotherUser() {
        fixture.given(projectCreated())
                .when(new CreateSession(projectId, sessionId, STRANGER, "Mine"))
                .expectException(ResourceNotFound.class)
                .expectNoEvents();
        assertThat(eventsOfSession()).isEmpty();
    }

    @Test
    void rejectsTooLongSessionName() {
        fixture.given(projectCreated())
                .when(new CreateSession(projectId, sessionId, OWNER, "s".repeat(101)))
                .expectException(RejectedInput.class)
                .expectNoEvents();
        assertThat(eventsOfSession()).isEmpty();
    }
}
