package dev.chatsessions.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.Rating;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SearchHit;
import dev.chatsessions.api.SearchPage;
import dev.chatsessions.api.SearchSessions;
import dev.chatsessions.api.SessionArchived;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionForked;
import dev.chatsessions.api.SessionImported;
import dev.chatsessions.api.SessionPinned;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.query.BadQuery;
import dev.chatsessions.query.projection.MixedBatch;
import dev.chatsessions.query.projection.ReadModelDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The search projection: what is found, in which order, with which snippet, and what never is. */
class SearchProjectionIntegrationTest {

    private static final Instant T0 = Instant.parse("2025-10-12T15:30:00.123456Z");

    private static final ReadModelDatabase db = ReadModelDatabase.shared();
    private SearchProjection projection;
    private final UUID projectId = UUID.randomUUID();
    private long clock;

    @BeforeEach
    void setUp() {
        db.clear();
        projection = new SearchProjection(db.jdbc(), db.writes());
        projection.on(new ProjectCreated(projectId, "alice", "Shop", null));
    }

    private UUID session(String name, String... messages) {
        UUID id = UUID.randomUUID();
        projection.on(new SessionCreated(id, projectId, "alice", name), T0.plusSeconds(clock++));
        for (int i = 0; i < messages.length; i++) {
            projection.on(
                    new MessagePosted(
                            id,
                            UUID.randomUUID(),
                            i + 1,
                            i % 2 == 0 ? Role.USER : Role.ASSISTANT,
                            messages[i],
                            MessageStatus.COMPLETE,
                            null),
                    T0.plusSeconds(clock++));
        }
        return id;
    }

    private void message(UUID session, long seq, String content) {
        projection.on(
                new MessagePosted(session, UUID.randomUUID(), seq, Role.USER, content, MessageStatus.COMPLETE, null),
                T0.plusSeconds(clock++));
    }

    @Test
    void forkedAndImportedSessionsAreFoundByNameAndMessages() {
        UUID source = session("Lisbon trip", "pastel de nata");
        UUID fork = UUID.randomUUID();
        projection.on(
                new SessionForked(fork, projectId, "alice", "Lisbon trip (fork)", source, 1), T0.plusSeconds(clock++));
        message(fork, 1, "pastel de nata");
        message(fork, 2, "tram twenty eight");
        UUID imported = UUID.randomUUID();
        projection.on(
                new SessionImported(imported, projectId, "alice", "Porto wines", "chatgpt", "c-1", T0, List.of(T0)),
                T0.plusSeconds(clock++));
        message(imported, 1, "tawny or ruby");

        assertThat(found("tram")).containsExactly(fork);
        assertThat(found("tawny")).containsExactly(imported);
        assertThat(found("Porto")).containsExactly(imported);
        assertThat(found("nata")).containsExactlyInAnyOrder(source, fork);
    }

    private SearchPage search(String text, int limit, String cursor) {
        return projection
                .handle(new SearchSessions("alice", projectId, text, limit, cursor))
                .orElseThrow();
    }

    private List<UUID> found(String text) {
        return search(text, 50, null).items().stream()
                .map(h -> h.session().id())
                .toList();
    }

    @Test
    void aUniqueWordFindsExactlyItsSession() {
        session("Groceries", "buy milk and bread", "Noted: milk, bread.");
        UUID kafka = session("Infra", "how do I size a kafka cluster?", "Start with three brokers.");
        session("Holidays", "where to go in spring", "Lisbon.");

        assertThat(found("kafka")).containsExactly(kafka);
        assertThat(found("KAFKA")).as("any case").containsExactly(kafka);
        SearchHit hit = search("kafka", 50, null).items().get(0);
        assertThat(hit.message().content()).isEqualTo("how do I size a kafka cluster?");
        assertThat(hit.message().seq()).isEqualTo(1);
        assertThat(hit.session().name()).isEqualTo("Infra");
        assertThat(hit.session().messageCount()).isEqualTo(2);
        assertThat(hit.snippet()).contains("**kafka**");
    }

    @Test
    void findsSessionsByNameWithNoMessage() {
        UUID named = session("Quarterly budget");
        session("Other", "nothing here");

        SearchHit hit = search("budget", 50, null).items().get(0);

        assertThat(hit.session().id()).isEqualTo(named);
        assertThat(hit.message()).isNull();
        assertThat(hit.snippet()).isEqualTo("Quarterly **budget**");
    }

    @Test
    void aPhraseMatchesOnlyInItsOrder() {
        UUID inOrder = session("A", "the event store keeps every change");
        UUID reversed = session("B", "store the event later");

        assertThat(found("\"event store\"")).containsExactly(inOrder);
        assertThat(found("\"store event\"")).isEmpty();
        assertThat(found("event store")).containsExactlyInAnyOrder(inOrder, reversed);
    }

    @Test
    void anExclusionLeavesOutSessionsWithTheWord() {
        UUID java = session("J", "java records are nice");
        session("K", "java and kotlin both");

        assertThat(found("java -kotlin")).containsExactly(java);
    }

    @Test
    void wordsOfAnyLanguageAreFoundAsWritten() {
        UUID german = session("Reise", "Wir fahren nächste Woche nach München");
        UUID greek = session("Ταξίδι", "καλημέρα κόσμε");

        assertThat(found("münchen")).containsExactly(german);
        assertThat(found("καλημέρα")).containsExactly(greek);
        assertThat(found("ταξίδι")).containsExactly(greek);
    }

    @Test
    void aPartOfAWordIsFoundWhenNoWholeWordMatches() {
        UUID postgres = session("DB", "tuning postgresql autovacuum");
        session("Other", "nothing to see");

        SearchPage page = search("autovac", 50, null);

        assertThat(page.items()).extracting(h -> h.session().id()).containsExactly(postgres);
        assertThat(page.items().get(0).snippet()).contains("**autovac**uum");
        assertThat(found("zzzz")).isEmpty();
    }

    @Test
    void ranksABetterMatchFirstAndShowsEachSessionOnce() {
        UUID once = session("Misc", "a note about caching among other things like queues and logs and more");
        UUID often = session("Caching", "caching caching", "more caching");

        List<UUID> ids = found("caching");

        assertThat(ids).containsExactly(often, once);
    }

    @Test
    void aDeletedSessionIsNeverFound() {
        UUID deleted = session("Secret plans", "the secret word is swordfish");
        UUID kept = session("Kept", "swordfish recipes");

        projection.on(new SessionDeleted(deleted, projectId));

        assertThat(found("swordfish")).containsExactly(kept);
        assertThat(found("secret")).isEmpty();
        assertThat(found("swordf")).containsExactly(kept);
        assertThat(db.jdbc()
                        .sql("select count(*) from search_message where session_id = ?")
                        .param(deleted)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(db.jdbc()
                        .sql("select count(*) from search_session where id = ?")
                        .param(deleted)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void pagesNeitherRepeatNorSkip() {
        List<UUID> all = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            all.add(session("S" + i, "common word " + "filler ".repeat(i % 4)));
        }
        List<UUID> onePage = found("common");
        assertThat(onePage).hasSize(17).containsExactlyInAnyOrderElementsOf(all);
        for (int limit = 1; limit <= 5; limit++) {
            List<UUID> seen = new ArrayList<>();
            String cursor = null;
            do {
                SearchPage page = search("common", limit, cursor);
                assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
                page.items().forEach(h -> seen.add(h.session().id()));
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(seen).as("limit " + limit).containsExactlyElementsOf(onePage);
        }
    }

    @Test
    void showsTheSessionAndMessageAsTheyAreNow() {
        UUID id = session("Old name", "ask about gradle", "use the wrapper");
        projection.on(new SessionRenamed(id, "Build tools", false), T0.plusSeconds(100));
        projection.on(new SessionPinned(id));
        projection.on(new SessionArchived(id));
        UUID reply = search("wrapper", 50, null).items().get(0).message().id();
        projection.on(new FeedbackGiven(id, reply, Rating.UP, "thanks"));

        SearchHit hit = search("wrapper", 50, null).items().get(0);

        assertThat(hit.session().name()).isEqualTo("Build tools");
        assertThat(hit.session().pinned()).isTrue();
        assertThat(hit.session().archived()).isTrue();
        assertThat(hit.session().updatedAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(hit.message().feedback().rating()).isEqualTo(Rating.UP);
        assertThat(found("build")).containsExactly(id);
        assertThat(found("old")).isEmpty();
    }

    @Test
    void refusesBlankOrLongTextsAndForeignCursorsAndHidesOtherUsersProjects() {
        assertThatThrownBy(() -> search(" ", 10, null)).isInstanceOf(BadQuery.class);
        assertThatThrownBy(() -> search("x".repeat(501), 10, null)).isInstanceOf(BadQuery.class);
        assertThatThrownBy(() -> search("x", 10, "bm90IGEgY3Vyc29y")).isInstanceOf(BadQuery.class);
        assertThat(projection.handle(new SearchSessions("bob", projectId, "x", 10, null)))
                .isEmpty();
        assertThat(projection.handle(new SearchSessions("alice", UUID.randomUUID(), "x", 10, null)))
                .isEmpty();
    }

    @Test
    void aMixedBatchFoldsAsEventByEvent() throws Throwable {
        var batch = new MixedBatch();
        List<EventMessage<?>> events = new ArrayList<>(batch.events());
        events.add(new GenericEventMessage<>(
                UUID.randomUUID().toString(),
                new SessionPinned(batch.kept),
                MetaData.emptyInstance(),
                MixedBatch.START));

        db.assertOneBatchFoldsAsEventByEvent(events, projection, "search_project", "search_session", "search_message");

        assertThat(db.rows("search_session"))
                .as("the kept, the late and the forked session; not the deleted one")
                .hasSize(3);
        assertThat(db.jdbc()
                        .sql("select count(*) from search_message where session_id = ?")
                        .param(batch.deleted)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
