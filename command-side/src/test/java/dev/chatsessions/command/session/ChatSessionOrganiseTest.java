package dev.chatsessions.command.session;

import dev.chatsessions.api.ChangeSession;
import dev.chatsessions.api.SessionArchived;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionPinned;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.SessionUnarchived;
import dev.chatsessions.api.SessionUnpinned;
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

/** Pinning, archiving and the partial change of a session that carries them. */
class ChatSessionOrganiseTest {

    private final UUID sessionId = UUID.randomUUID();
    private final UUID projectId = UUID.randomUUID();

    private AggregateTestFixture<ChatSession> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ChatSession.class);
    }

    private SessionCreated created() {
        return new SessionCreated(sessionId, projectId, "alice", "Roadmap");
    }

    private ChangeSession change(String name, Boolean pinned, Boolean archived) {
        return new ChangeSession(sessionId, "alice", name, pinned, archived);
    }

    @Test
    void pinsAndAnswersWithThePinnedView() {
        Instant now = fixture.currentTime().truncatedTo(ChronoUnit.MILLIS);
        fixture.given(created())
                .when(change(null, true, null))
                .expectEvents(new SessionPinned(sessionId))
                .expectResultMessagePayload(
                        new SessionView(sessionId, projectId, "Roadmap", now, now, 0, null, true, false));
    }

    @Test
    void unpinsAPinnedSession() {
        fixture.given(created(), new SessionPinned(sessionId))
                .when(change(null, false, null))
                .expectEvents(new SessionUnpinned(sessionId));
    }

    @Test
    void archivesAndUnarchives() {
        fixture.given(created()).when(change(null, null, true)).expectEvents(new SessionArchived(sessionId));
        fixture.given(created(), new SessionArchived(sessionId))
                .when(change(null, null, false))
                .expectEvents(new SessionUnarchived(sessionId));
    }

    @Test
    void recordsNothingForAFlagAlreadyAsAsked() {
        fixture.given(created(), new SessionPinned(sessionId), new SessionArchived(sessionId))
                .when(change(null, true, true))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(created()).when(change(null, false, false)).expectNoEvents();
    }

    @Test
    void changesNameAndFlagsAtOnce() {
        Instant now = fixture.currentTime().truncatedTo(ChronoUnit.MILLIS);
        fixture.given(created())
                .when(change(" Plans ", true, true))
                .expectEvents(
                        new SessionRenamed(sessionId, "Plans", false),
                        new SessionPinned(sessionId),
                        new SessionArchived(sessionId))
                .expectResultMessagePayload(
                        new SessionView(sessionId, projectId, "Plans", now, now, 0, null, true, true));
    }

    @Test
    void refusesAChangeOfNothing() {
        fixture.given(created())
                .when(change(null, null, null))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    @Test
    void appliesNothingWhenTheNameIsInvalid() {
        fixture.given(created())
                .when(change(" ", true, true))
                .expectException(RejectedInput.class)
                .expectNoEvents();
    }

    @Test
    void refusesOtherUsersAndDeletedSessions() {
        fixture.given(created())
                .when(new ChangeSession(sessionId, "mallory", null, true, null))
                .expectException(ResourceNotFound.class)
                .expectNoEvents();
        fixture.given(created(), new SessionDeleted(sessionId, projectId))
                .when(change(null, true, null))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();
    }

    @Test
    void pinningLeavesUpdatedAtAlone() {
        Instant created = fixture.currentTime().truncatedTo(ChronoUnit.MILLIS);
        fixture.given(created(), new SessionArchived(sessionId))
                .andGivenCurrentTime(created.plusSeconds(300))
                .when(change(null, true, null))
                .expectResultMessagePayload(
                        new SessionView(sessionId, projectId, "Roadmap", created, created, 0, null, true, true));
    }
}
