package dev.chatsessions.eventstore;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The one Flyway pattern of every module that owns tables (the event store, the write side, the read side): its own
 * scripts and its own history table, so that each migrates without the others, and baseline 0 so that a database
 * made before the module had migrations adopts them.
 */
public final class ModuleMigrations {

    private ModuleMigrations() {}

    /** {@code location}: the classpath folder of the module's scripts; {@code historyTable}: its Flyway history. */
    public static Flyway of(DataSource dataSource, String location, String historyTable) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
