package dev.chatsessions.query.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.FindSession;
import dev.chatsessions.api.FindSessions;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionPage;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.SessionStart;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.projection.MixedBatch;
import dev.chatsessions.query.projection.ReadModelDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionListProjectionIntegrationTest {

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

    private UUID createSession(String name, Instant at) {
        UUID id = UUID.randomUUID();
        projection.on(new SessionCreated(id, projectId, "alice", name), at);
        return id;
    }

    private static MessagePosted message(UUID sessionId, long seq) {
        return new MessagePosted(
                sessionId, UUID.randomUUID(), seq, Role.USER, "text " + seq, MessageStatus.COMPLETE, null);
    }

    private SessionView find(UUID sessionId) {
        return projection.handle(new FindSession("alice", sessionId)).orElseThrow();
    }

    private SessionPage page(int limit, String cursor) {
        return projection
                .handle(new FindSessions("alice", projectId, limit, cursor))
                .orElseThrow();
    }

    private List<SessionView> allPages(int limit) {
        List<SessionView> seen = new ArrayList<>();
        String cursor = null;
        do {
            SessionPage page = page(limit, cursor);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            seen.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return seen;
    }

    @Test
    void foldsSessionCreatedIntoAnUntouchedSession() {
        UUID id = createSession("New Chat", T0);

        assertThat(find(id)).isEqualTo(new SessionView(id, projectId, "New Chat", T0, T0, 0, null));
    }

    @Test
    void foldsSessionRenamedIntoNameAndUpdatedAt() {
        UUID id = createSession("New Chat", T0);

        projection.on(new SessionRenamed(id, "Roadmap", false), T0.plusSeconds(5));

        assertThat(find(id)).isEqualTo(new SessionView(id, projectId, "Roadmap", T0, T0.plusSeconds(5), 0, null));
    }

    @Test
    void foldsMessagePostedIntoCountAndLastMessageAt() {
        UUID id = createSession("New Chat", T0);

        projection.on(message(id, 1), T0.plusSeconds(1));
        projection.on(message(id, 2), T0.plusSeconds(2));

        assertThat(find(id))
                .isEqualTo(new SessionView(id, projectId, "New Chat", T0, T0.plusSeconds(2), 2, T0.plusSeconds(2)));
    }

    @Test
    void foldsSessionDeletedByRemovingTheSession() {
        UUID kept = createSession("Kept", T0);
        UUID deleted = createSession("Deleted", T0.plusSeconds(1));

        projection.on(new SessionDeleted(deleted, projectId));

        assertThat(projection.handle(new FindSession("alice", deleted))).isEmpty();
        assertThat(page(50, null).items()).extracting(SessionView::id).containsExactly(kept);
    }

    @Test
    void foldingTheSameEventsTwiceChangesNothing() {
        UUID id = UUID.randomUUID();
        var created = new SessionCreated(id, projectId, "alice", "New Chat");
        var first = message(id, 1);
        var renamed = new SessionRenamed(id, "text 1", true);
        var second = message(id, 2);
        projection.on(created, T0);
        projection.on(first, T0.plusSeconds(1));
        projection.on(renamed, T0.plusSeconds(1));
        projection.on(second, T0.plusSeconds(2));
        var sessions = db.rows("chat_session");
        var projects = db.rows("session_list_project");

        projection.on(new ProjectCreated(projectId, "alice", "Shop", null));
        projection.on(created, T0);
        projection.on(first, T0.plusSeconds(1));
        projection.on(renamed, T0.plusSeconds(1));
        projection.on(second, T0.plusSeconds(2));
        projection.on(second, T0.plusSeconds(2));

        assertThat(db.rows("chat_session")).isEqualTo(sessions);
        assertThat(db.rows("session_list_project")).isEqualTo(projects);
        assertThat(find(id).messageCount()).isEqualTo(2);
    }

    @Test
    void foldsAMixedBatchInOneUnitOfWorkAsItFoldsItEventByEvent() throws Throwable {
        var batch = new MixedBatch();

        db.assertOneBatchFoldsAsEventByEvent(batch.events(), projection, "chat_session", "session_list_project");

        assertThat(projection
                        .handle(new FindSessions("alice", batch.project, 50, null))
                        .orElseThrow()
                        .items())
                .containsExactly(expectedView(batch, batch.fork), expectedView(batch, batch.kept));
        assertThat(projection
                        .handle(new FindSessions("bob", batch.otherProject, 50, null))
                        .orElseThrow()
                        .items())
                .containsExactly(expectedView(batch, batch.late));
        assertThat(projection.handle(new FindSession("alice", batch.deleted))).isEmpty();
    }

    /** The session as its events describe it: the last name given, the last message, the latest change. */
    private static SessionView expectedView(MixedBatch batch, UUID session) {
        var created = batch.of(SessionStart.class).stream()
                .filter(e -> e.getPayload().sessionId().equals(session))
                .findFirst()
                .orElseThrow();
        var renames = batch.of(SessionRenamed.class).stream()
                .filter(e -> e.getPayload().sessionId().equals(session))
                .toList();
        var messages = batch.of(MessagePosted.class).stream()
                .filter(e -> e.getPayload().sessionId().equals(session))
                .toList();
        var lastMessage = messages.get(messages.size() - 1);
        var lastRename = renames.isEmpty() ? null : renames.get(renames.size() - 1);
        String name = lastRename == null
                ? created.getPayload().name()
                : lastRename.getPayload().name();
        Instant updatedAt = lastRename == null || lastRename.getTimestamp().isBefore(lastMessage.getTimestamp())
                ? lastMessage.getTimestamp()
                : lastRename.getTimestamp();
        return new SessionView(
                session,
                created.getPayload().projectId(),
                name,
                created.getTimestamp(),
                updatedAt,
                lastMessage.getPayload().seq(),
                lastMessage.getTimestamp());
    }

    @Test
    void aBatchWithMessagesRepeatedOrOutOfOrderEndsAsEventByEvent() throws Throwable {
        UUID id = UUID.randomUUID();
        var first = at(message(id, 1), T0.plusSeconds(1));
        var third = at(message(id, 3), T0.plusSeconds(3));
        var secondStampedLater = at(message(id, 2), T0.plusSeconds(5));
        List<EventMessage<?>> events = List.of(
                at(new SessionCreated(id, projectId, "alice", "New Chat"), T0),
                first,
                third,
                secondStampedLater,
                third,
                first);
        ReadModelDatabase.foldEventByEvent(events, projection);
        var oneByOne = db.rows("chat_session");
        db.jdbc().sql("delete from chat_session").update();

        db.foldInOneBatch(events, projection);

        assertThat(db.rows("chat_session")).isEqualTo(oneByOne);
        assertThat(find(id))
                .isEqualTo(
                        new SessionView(id, projectId, "New Chat", T0, third.getTimestamp(), 3, third.getTimestamp()));
    }

    private static EventMessage<?> at(Object payload, Instant timestamp) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, MetaData.emptyInstance(), timestamp);
    }

    @Test
    void foldingSessionDeletedTwiceChangesNothing() {
        UUID id = createSession("New Chat", T0);
        projection.on(new SessionDeleted(id, projectId));

        projection.on(new SessionDeleted(id, projectId));

        assertThat(db.rows("chat_session")).isEmpty();
    }

    @Test
    void hidesSessionsOfOtherUsers() {
        UUID id = createSession("New Chat", T0);

        assertThat(projection.handle(new FindSession("bob", id))).isEmpty();
        assertThat(projection.handle(new FindSessions("bob", projectId, 50, null)))
                .isEmpty();
        assertThat(projection.handle(new FindSessions("alice", UUID.randomUUID(), 50, null)))
                .isEmpty();
    }

    @Test
    void listsAnEmptyProjectAsAnEmptyLastPage() {
        SessionPage page = page(50, null);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void listsMostRecentlyUpdatedFirst() {
        UUID a = createSession("a", T0);
        UUID b = createSession("b", T0.plusSeconds(1));
        UUID c = createSession("c", T0.plusSeconds(2));

        projection.on(message(a, 1), T0.plusSeconds(3));

        SessionPage page = page(50, null);
        assertThat(page.items()).extracting(SessionView::id).containsExactly(a, c, b);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void listsOnlyTheProjectsOwnSessions() {
        UUID otherProject = UUID.randomUUID();
        projection.on(new ProjectCreated(otherProject, "alice", "Other", null));
        projection.on(new SessionCreated(UUID.randomUUID(), otherProject, "alice", "elsewhere"), T0);
        UUID mine = createSession("here", T0);

        assertThat(page(50, null).items()).extracting(SessionView::id).containsExactly(mine);
    }

    @Test
    void pagesWithoutRepeatsOrSkipsWithinOneMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createSession("s" + i, T0.plusNanos(i * 100_000L)));
        }
        ids.add(createSession("twin", T0.plusNanos(200_000L)));
        List<SessionView> expected = ids.stream()
                .map(this::find)
                .sorted(Comparator.comparing(SessionView::updatedAt)
                        .thenComparing(v -> v.id().toString())
                        .reversed())
                .toList();

        assertThat(allPages(2)).containsExactlyElementsOf(expected);
        assertThat(allPages(4)).containsExactlyElementsOf(expected);
        assertThat(allPages(6)).containsExactlyElementsOf(expected);
    }

    @Test
    void nextCursorIsNullWhenTheLastPageIsExactlyFull() {
        createSession("a", T0);
        createSession("b", T0.plusMillis(1));

        SessionPage first = page(1, null);
        SessionPage second = page(1, first.nextCursor());

        assertThat(first.items()).extracting(SessionView::name).containsExactly("b");
        assertThat(second.items()).extracting(SessionView::name).containsExactly("a");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void aSessionAddedBetweenPagesShiftsNothing() {
        createSession("a", T0);
        createSession("b", T0.plusMillis(1));
        createSession("c", T0.plusMillis(2));
        SessionPage first = page(2, null);

        createSession("new", T0.plusMillis(3));
        SessionPage second = page(2, first.nextCursor());

        assertThat(first.items()).extracting(SessionView::name).containsExactly("c", "b");
        assertThat(second.items()).extracting(SessionView::name).containsExactly("a");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void resetClearsOnlyItsOwnTables() {
        createSession("New Chat", T0);
        db.jdbc()
                .sql("insert into project (id, owner_id, name, created_at) values (?, 'alice', 'Shop', now())")
                .param(projectId)
                .update();
        db.jdbc()
                .sql("insert into message_session (session_id, owner_id) values (?, 'alice')")
                .param(UUID.randomUUID())
                .update();
        db.jdbc()
                .sql("insert into token_entry (processor_name, segment) values ('sessions', 0)")
                .update();

        projection.reset();

        assertThat(db.rows("chat_session")).isEmpty();
        assertThat(db.rows("session_list_project")).isEmpty();
        assertThat(db.rows("project")).hasSize(1);
        assertThat(db.rows("message_session")).hasSize(1);
        assertThat(db.rows("token_entry")).hasSize(1);
    }
}
