package dev.chatsessions.query.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.FindSession;
import dev.chatsessions.api.FindSessions;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionArchived;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionPage;
import dev.chatsessions.api.SessionPinned;
import dev.chatsessions.api.SessionUnarchived;
import dev.chatsessions.api.SessionUnpinned;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.projection.ReadModelDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dropdown with pinned and archived sessions: the order, the filter and the cursor across both. */
class SessionListOrganiseIntegrationTest {

    private static final Instant T0 = Instant.parse("2025-10-12T15:30:00.123456Z");

    private static final ReadModelDatabase db = ReadModelDatabase.shared();
    private SessionListProjection projection;
    private final UUID projectId = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        db.clear();
        projection = new SessionListProjection(db.jdbc(), db.writes());
        projection.on(new ProjectCreated(projectId, "alice", "Shop", null));
    }

    private UUID createSession(Instant at) {
        UUID id = UUID.randomUUID();
        projection.on(new SessionCreated(id, projectId, "alice", "Chat " + at), at);
        return id;
    }

    private SessionView find(UUID id) {
        return projection.handle(new FindSession("alice", id)).orElseThrow();
    }

    private List<UUID> all(boolean archived, int limit) {
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        do {
            SessionPage page = projection
                    .handle(new FindSessions("alice", projectId, limit, cursor, archived))
                    .orElseThrow();
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().forEach(s -> seen.add(s.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return seen;
    }

    @Test
    void foldsTheFlagsIntoTheViewWithoutTouchingUpdatedAt() {
        UUID id = createSession(T0);
        assertThat(find(id).pinned()).isFalse();
        assertThat(find(id).archived()).isFalse();

        projection.on(new SessionPinned(id));
        projection.on(new SessionArchived(id));

        assertThat(find(id)).isEqualTo(new SessionView(id, projectId, "Chat " + T0, T0, T0, 0, null, true, true));

        projection.on(new SessionUnpinned(id));
        projection.on(new SessionUnarchived(id));

        assertThat(find(id)).isEqualTo(new SessionView(id, projectId, "Chat " + T0, T0, T0, 0, null, false, false));
    }

    @Test
    void listsPinnedFirstThenMostRecentlyUpdatedAndArchivedOnlyOnRequest() {
        UUID oldest = createSession(T0);
        UUID pinnedOld = createSession(T0.plusSeconds(1));
        UUID middle = createSession(T0.plusSeconds(2));
        UUID archived = createSession(T0.plusSeconds(3));
        UUID newest = createSession(T0.plusSeconds(4));
        UUID archivedPinned = createSession(T0.plusSeconds(5));
        projection.on(new SessionPinned(pinnedOld));
        projection.on(new SessionArchived(archived));
        projection.on(new SessionArchived(archivedPinned));
        projection.on(new SessionPinned(archivedPinned));

        assertThat(all(false, 50)).containsExactly(pinnedOld, newest, middle, oldest);
        assertThat(all(true, 50)).containsExactly(archivedPinned, archived);
    }

    /** Pages of every size list each session once, in the order of one page, however pins and ties fall. */
    @Test
    void pagesNeitherRepeatNorSkipAcrossPinnedAndTiedSessions() {
        List<UUID> ids = IntStream.range(0, 23)
                .mapToObj(i -> createSession(T0.plusSeconds(i % 4)))
                .toList();
        for (int i = 0; i < ids.size(); i += 3) {
            projection.on(new SessionPinned(ids.get(i)));
        }
        List<UUID> onePage = all(false, 200);
        assertThat(onePage).hasSize(23).doesNotHaveDuplicates();
        for (int limit = 1; limit <= 7; limit++) {
            assertThat(all(false, limit)).as("limit " + limit).containsExactlyElementsOf(onePage);
        }
        List<SessionView> views = onePage.stream().map(this::find).toList();
        assertThat(views.subList(0, 8)).allMatch(SessionView::pinned);
        assertThat(views.subList(8, 23)).noneMatch(SessionView::pinned);
    }

    @Test
    void aBatchOfFlagsAndMessagesFoldsAsEventByEvent() throws Throwable {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<EventMessage<?>> events = List.of(
                at(new SessionCreated(a, projectId, "alice", "A"), T0),
                at(new SessionCreated(b, projectId, "alice", "B"), T0),
                at(new SessionPinned(a), T0.plusSeconds(1)),
                at(
                        new MessagePosted(a, UUID.randomUUID(), 1, Role.USER, "hi", MessageStatus.COMPLETE, null),
                        T0.plusSeconds(2)),
                at(new SessionArchived(b), T0.plusSeconds(3)),
                at(new SessionUnpinned(a), T0.plusSeconds(4)),
                at(new SessionPinned(a), T0.plusSeconds(5)),
                at(new SessionUnarchived(b), T0.plusSeconds(6)),
                at(new SessionArchived(b), T0.plusSeconds(7)));

        db.assertOneBatchFoldsAsEventByEvent(events, projection, "chat_session");

        assertThat(find(a).pinned()).isTrue();
        assertThat(find(b).archived()).isTrue();
    }

    @Test
    void anOldCursorWithoutPinStillReads() {
        UUID first = createSession(T0.plusSeconds(1));
        UUID second = createSession(T0);
        String oldCursor = new dev.chatsessions.query.paging.Paging.TimeAndId(T0.plusSeconds(1), first).encode();

        SessionPage page = projection
                .handle(new FindSessions("alice", projectId, 10, oldCursor))
                .orElseThrow();

        assertThat(page.items()).extracting(SessionView::id).containsExactly(second);
    }

    private static EventMessage<?> at(Object payload, Instant timestamp) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, MetaData.emptyInstance(), timestamp);
    }
}
