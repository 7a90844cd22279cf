package dev.chatsessions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.eventstore.EventStoreSchema;
import dev.chatsessions.eventstore.ModuleMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A real PostgreSQL for projection tests, migrated by the read side's own Flyway migrations. The event store's
 * tables are created too (by its own migrations), empty, because read-your-writes looks at them before every query.
 */
public final class ReadModelDatabase {

    private static ReadModelDatabase shared;

    /** One instance throughout: Spring binds a transaction's connection to the data source object. */
    private final DataSource dataSource;

    private final JdbcClient jdbc;

    private ReadModelDatabase(EmbeddedPostgres postgres) {
        this.dataSource = postgres.getPostgresDatabase();
        EventStoreSchema.migrations(dataSource).migrate();
        ModuleMigrations.of(dataSource, "db/migration/query", "flyway_history_query")
                .migrate();
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** One database for all projection tests of a run (each test clears it first); stopped when the JVM exits. */
    public static synchronized ReadModelDatabase shared() {
        if (shared != null) {
            return shared;
        }
        try {
            shared = new ReadModelDatabase(EmbeddedPostgres.builder().start());
            return shared;
        } catch (IOException e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start", e);
        }
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public JdbcTemplate jdbcTemplate() {
        return new JdbcTemplate(dataSource);
    }

    public PlatformTransactionManager transactionManager() {
        return new DataSourceTransactionManager(dataSource);
    }

    /** The token table read as the service reads it, with the serializer the tests store tokens with. */
    public ProjectionTokens tokens(Serializer serializer) {
        return new ProjectionTokens(jdbc, serializer);
    }

    public ProjectionWrites writes() {
        return new ProjectionWrites(new JdbcTemplate(dataSource));
    }

    /** Empties every read table (and the token table) between tests. */
    public void clear() {
        jdbc.sql("""
                     truncate project, session_list_project, chat_session, message_session, chat_message,
                              analytics_project, analytics_session, analytics_day, analytics_session_day, token_entry,
                              search_project, search_session, search_message""").update();
    }

    /** Hands each event to the projections' handlers, as Axon does, with no unit of work around them. */
    public static void foldEventByEvent(List<EventMessage<?>> events, Object... projections) throws Exception {
        var handlers = Arrays.stream(projections)
                .map(AnnotationEventHandlerAdapter::new)
                .toList();
        for (EventMessage<?> event : events) {
            for (AnnotationEventHandlerAdapter handler : handlers) {
                handler.handle(event);
            }
        }
    }

    /**
     * Hands the events to the projections' handlers as a tracking processor does: all in one batching unit of work,
     * in one transaction that commits when the last event has been handled.
     */
    public void foldInOneBatch(List<EventMessage<?>> events, Object... projections) throws Throwable {
        var handlers = Arrays.stream(projections)
                .map(AnnotationEventHandlerAdapter::new)
                .toList();
        var unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.attachTransaction(new SpringTransactionManager(new DataSourceTransactionManager(dataSource)));
        var result = unitOfWork.executeWithResult(() -> {
            for (AnnotationEventHandlerAdapter handler : handlers) {
                handler.handle(unitOfWork.getMessage());
            }
            return null;
        });
        if (result.isExceptional()) {
            throw result.exceptionResult();
        }
    }

    /**
     * Folds the events one by one into emptied tables, then in one batch into emptied tables, and asserts that both
     * leave the same rows in {@code tables}. The tables stay as the batch left them, for further checks.
     */
    public void assertOneBatchFoldsAsEventByEvent(List<EventMessage<?>> events, Object projection, String... tables)
            throws Throwable {
        clear();
        foldEventByEvent(events, projection);
        var oneByOne = Arrays.stream(tables).map(this::rows).toList();
        clear();

        foldInOneBatch(events, projection);

        assertThat(Arrays.stream(tables).map(this::rows).toList()).isEqualTo(oneByOne);
    }

    /** Every row of a table in a stable order, to compare a table before and after. */
    public List<Map<String, Object>> rows(String table) {
        return jdbc.sql("select * from " + table + " order by 1, 2").query().listOfRows();
    }
}
