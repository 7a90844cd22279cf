package dev.chatsessions.command.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The one embedded PostgreSQL of the command side's Spring tests, started on first use and stopped by its library's
 * shutdown hook, after the cached application contexts that use it. Each test works on ids of its own.
 */
public final class CommandSideDatabase {

    private static final EmbeddedPostgres POSTGRES = start();

    private CommandSideDatabase() {}

    public static String url() {
        return POSTGRES.getJdbcUrl("postgres", "postgres");
    }

    /** Points a Spring test's data source at it. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", CommandSideDatabase::url);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
