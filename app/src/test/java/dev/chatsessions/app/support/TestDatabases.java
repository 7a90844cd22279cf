package dev.chatsessions.app.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;

/**
 * One embedded PostgreSQL for the whole test run, and a fresh database in it for each application context that
 * asks, so contexts neither share tables nor compete for their processors' tokens.
 */
public final class TestDatabases {

    private static final AtomicInteger counter = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabases() {}

    /** The JDBC URL of a new, empty database (user {@code postgres}, no password). */
    public static synchronized String fresh() {
        try {
            if (server == null) {
                // Stopped once the JVM's application contexts are closed, not by a hook of its own racing their
                // shutdown: their processors would wait out their timeouts for a database already gone.
                server = EmbeddedPostgres.builder()
                        .setRegisterShutdownHook(false)
                        .start();
                SpringApplication.getShutdownHandlers().add(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is going anyway
                    }
                });
            }
            String name = "test_" + counter.incrementAndGet();
            try (var connection = server.getPostgresDatabase().getConnection();
                    var statement = connection.createStatement()) {
                statement.execute("create database " + name);
            }
            return server.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
