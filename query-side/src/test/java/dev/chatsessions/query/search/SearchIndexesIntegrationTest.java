package dev.chatsessions.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SearchSessions;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.query.projection.ReadModelDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Search folds far behind the newest event without its text indexes, and has them back once caught up. */
class SearchIndexesIntegrationTest {

    private static final long BEYOND = 5;

    private final ReadModelDatabase database = ReadModelDatabase.shared();
    private final JdbcClient jdbc = database.jdbc();
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final SearchIndexes indexes =
            new SearchIndexes(database.tokens(serializer), jdbc, database.transactionManager(), BEYOND);
    private Map<String, String> definitions;
    private long head;

    @BeforeEach
    void tenEventsInTheStore() {
        database.clear();
        definitions = textIndexes();
        for (int i = 0; i < 10; i++) {
            head = jdbc.sql("""
                            insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                                                            type, time_stamp, payload_type, payload)
                            values (?, ?, 1, 'ChatSession', ?, ?, '{}'::bytea) returning global_index""")
                    .params(
                            UUID.randomUUID().toString(),
                            UUID.randomUUID().toString(),
                            Instant.now().toString(),
                            MessagePosted.class.getName())
                    .query(Long.class)
                    .single();
        }
    }

    /** The other tests of the shared database expect no events and every index. */
    @AfterEach
    void restore() {
        storeSearchToken(head);
        indexes.check();
        jdbc.sql("delete from domain_event_entry").update();
        database.clear();
    }

    @Test
    void farBehindTheIndexesAreDroppedAndTheirDefinitionsKept() {
        assertThat(definitions).as("the migrations' four text indexes").hasSize(4);

        indexes.check();

        assertThat(textIndexes()).as("indexes left while far behind").isEmpty();
        assertThat(indexes.deferred()).containsExactlyInAnyOrderElementsOf(definitions.keySet());
        assertThat(jdbc.sql("select name, definition from search_deferred_index")
                        .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                        .list())
                .containsExactlyInAnyOrderElementsOf(definitions.entrySet());
    }

    @Test
    void searchAnswersWithoutTheIndexesAndTheyAreBuiltAgainOnceCaughtUp() {
        indexes.check();
        var projection = new SearchProjection(jdbc, database.writes());
        UUID project = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        projection.on(new ProjectCreated(project, "alice", "Shop", null));
        projection.on(new SessionCreated(session, project, "alice", "Lisbon trip"), Instant.now());
        projection.on(
                new MessagePosted(
                        session, UUID.randomUUID(), 1, Role.USER, "pastel de nata", MessageStatus.COMPLETE, null),
                Instant.now());
        assertThat(hits(projection, project, "nata"))
                .as("found without the indexes")
                .isEqualTo(1);

        storeSearchToken(head - 3);
        indexes.check();
        assertThat(indexes.deferred())
                .as("between the two bounds nothing changes")
                .hasSize(4);

        storeSearchToken(head);
        indexes.check();

        assertThat(indexes.deferred()).isEmpty();
        assertThat(textIndexes()).isEqualTo(definitions);
        assertThat(hits(projection, project, "nata"))
                .as("found with the indexes")
                .isEqualTo(1);
        assertThat(hits(projection, project, "lisb"))
                .as("a part of a word, by trigrams")
                .isEqualTo(1);
    }

    /** The first build of a million messages' trigram index hit the pool's statement timeout, and began again. */
    @Test
    void anIndexBuildThatOutlastsTheStatementTimeoutCompletes() {
        indexes.check();
        jdbc.sql("""
                        insert into search_message (id, session_id, project_id, seq, role, content, status, created_at)
                        select gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), n, 'user',
                               md5(n::text) || ' ' || md5((n + 1)::text) || ' ' || md5((n + 2)::text),
                               'complete', now()
                        from generate_series(1, 50000) n""").update();
        storeSearchToken(head);
        jdbc.sql("alter database postgres set statement_timeout = '100ms'").update();
        try {
            indexes.check();
        } finally {
            jdbc.sql("alter database postgres reset statement_timeout").update();
        }

        assertThat(indexes.deferred()).isEmpty();
        assertThat(textIndexes()).isEqualTo(definitions);
    }

    @Test
    void caughtUpWithTheIndexesInPlaceNothingChanges() {
        storeSearchToken(head);

        indexes.check();

        assertThat(indexes.deferred()).isEmpty();
        assertThat(textIndexes()).isEqualTo(definitions);
    }

    private static int hits(SearchProjection projection, UUID project, String text) {
        return projection
                .handle(new SearchSessions("alice", project, text, 20, null))
                .orElseThrow()
                .items()
                .size();
    }

    private Map<String, String> textIndexes() {
        List<Map.Entry<String, String>> rows = jdbc.sql("""
                        select indexname, indexdef from pg_indexes
                        where tablename in ('search_session', 'search_message') and indexdef like '% USING gin %'""")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list();
        return Map.ofEntries(rows.toArray(Map.Entry[]::new));
    }

    private void storeSearchToken(long position) {
        jdbc.sql("delete from token_entry where processor_name = ?")
                .param(SearchProjection.NAME)
                .update();
        var serialized = serializer.serialize(new GapAwareTrackingToken(position, List.of()), byte[].class);
        jdbc.sql("insert into token_entry (processor_name, segment, token, token_type) values (?, 0, ?, ?)")
                .params(
                        SearchProjection.NAME,
                        serialized.getData(),
                        serialized.getType().getName())
                .update();
    }
}
