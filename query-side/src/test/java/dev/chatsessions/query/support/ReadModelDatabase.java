package dev.chatsessions.query.support;

import dev.chatsessions.eventstore.EventStoreSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL for projection tests, migrated by the read side's own Flyway migrations. The event store's
 * tables are created too (by its own migrations), empty, because read-your-writes looks at them before every query.
 */
public final class ReadModelDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final JdbcClient jdbc;

    private ReadModelDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        DataSource dataSource = postgres.getPostgresDatabase();
        EventStoreSchema.migrations(dataSource).migrate();
        Flyway.configure()
              .dataSource(dataSource)
              .locations("classpath:db/migration/query")
              .table("flyway_history_query")
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .load()
              .migrate();
        this.jdbc = JdbcClient.create(dataSource);
    }

    public static ReadModelDatabase start() {
        try {
            return new ReadModelDatabase(EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start", e);
        }
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    /** Empties every read table (and the token table) between tests. */
    public void clear() {
        jdbc.sql("truncate project, session_list_project, chat_session, message_session, chat_message, token_entry")
            .update();
    }

    /** Every row of a table in a stable order, to compare a table before and after. */
    public List<Map<String, Object>> rows(String table) {
        return jdbc.sql("select * from " + table + " order by 1, 2").query().listOfRows();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
