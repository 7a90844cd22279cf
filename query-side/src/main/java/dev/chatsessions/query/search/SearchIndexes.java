package dev.chatsessions.query.search;

import dev.chatsessions.eventstore.DaemonThreads;
import dev.chatsessions.query.projection.ProjectionTokens;
import dev.chatsessions.query.projection.ProjectionTokens.SegmentToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds search without its full-text and trigram indexes. Keeping a GIN index up to date costs PostgreSQL more per
 * row than building it at once, so a search projection far behind the newest event (a replay, a first start on an
 * existing store) folds several times faster with them dropped. While the projection is more than
 * {@code chat.search.rebuild-without-indexes-beyond} events behind, the indexes are dropped, their definitions kept in
 * {@code search_deferred_index} in the same transaction; once it has caught up, they are built again from there.
 * Search answers meanwhile, from what is folded so far, without the indexes' speed. Nodes take turns through an
 * advisory lock; a node stopping in between leaves the definitions to the next.
 */
@Component
public class SearchIndexes implements SmartLifecycle {

    private static final Duration CHECK = Duration.ofSeconds(5);
    private static final String LOCK = "select pg_try_advisory_xact_lock(hashtext('chat-sessions search indexes'))";
    private static final Logger log = LoggerFactory.getLogger(SearchIndexes.class);

    private final ProjectionTokens tokens;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final long rebuildWithoutIndexesBeyond;
    private ScheduledExecutorService worker;

    SearchIndexes(
            ProjectionTokens tokens,
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            @Value("${chat.search.rebuild-without-indexes-beyond}") long rebuildWithoutIndexesBeyond) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.rebuildWithoutIndexesBeyond = rebuildWithoutIndexesBeyond;
    }

    /** The indexes dropped for a rebuild and not yet built again. */
    public List<String> deferred() {
        return jdbc.sql("select name from search_deferred_index order by name")
                .query(String.class)
                .list();
    }

    /** Drops or builds the indexes when the projection's distance to the newest event calls for it. */
    void check() {
        long behind = tokens.head() - position();
        if (behind > rebuildWithoutIndexesBeyond) {
            drop(behind);
        } else if (behind <= rebuildWithoutIndexesBeyond / 100) { // caught up
            build();
        }
    }

    /** Where the slowest segment stands; 0 before the projection has folded anything. */
    private long position() {
        return tokens.of(SearchProjection.NAME).stream()
                .map(SegmentToken::token)
                .mapToLong(token -> token == null ? 0 : token.position().orElse(0))
                .min()
                .orElse(0);
    }

    private void drop(long behind) {
        transactions.executeWithoutResult(status -> {
            if (!locked() || !deferred().isEmpty()) {
                return;
            }
            log.info("Search is {} events behind: dropping its text indexes until it has caught up", behind);
            // waits for the fold's transaction to end; a long one makes this try again at the next check
            jdbc.sql("set local lock_timeout = '5s'").update();
            jdbc.sql("""
                            do $$
                            declare i record;
                            begin
                                for i in select indexname, indexdef from pg_indexes
                                         where schemaname = current_schema()
                                           and tablename in ('search_session', 'search_message')
                                           and indexdef like '% USING gin %' loop
                                    insert into search_deferred_index (name, definition)
                                    values (i.indexname, i.indexdef);
                                    execute format('drop index %I', i.indexname);
                                end loop;
                            end $$""").update();
        });
    }

    /** Builds the deferred indexes one a transaction, so that a node stopping meanwhile loses one build at most. */
    private void build() {
        while (Boolean.TRUE.equals(transactions.execute(status -> buildOne()))) {
            // the next one
        }
    }

    private boolean buildOne() {
        // a trigram index of a million messages takes longer than a request's statement may
        jdbc.sql("set local statement_timeout = 0").update();
        if (!locked()) {
            return false;
        }
        var next = jdbc.sql("""
                        delete from search_deferred_index
                        where name = (select min(name) from search_deferred_index)
                        returning name, definition""")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .optional();
        if (next.isEmpty()) {
            return false;
        }
        log.info("Search has caught up: building its text index {}", next.get().getKey());
        long started = System.nanoTime();
        // one sort in memory instead of many passes over temporary files
        jdbc.sql("set local maintenance_work_mem = '256MB'").update();
        jdbc.sql(next.get().getValue()).update();
        log.info(
                "Built search's text index {} in {} ms",
                next.get().getKey(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return true;
    }

    private boolean locked() {
        return Boolean.TRUE.equals(jdbc.sql(LOCK).query(Boolean.class).single());
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Could not check search's text indexes: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("search-indexes-"));
        worker.scheduleWithFixedDelay(this::checkQuietly, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        worker.shutdownNow();
        worker = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return worker != null;
    }
}
