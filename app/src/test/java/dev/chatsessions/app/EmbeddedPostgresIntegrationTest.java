package dev.chatsessions.app;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded PostgreSQL of the default run keeps data like a real server does: durably. */
class EmbeddedPostgresIntegrationTest extends HttpIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void flushesCommitsToDisk() {
        assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("show full_page_writes").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("show server_version").query(String.class).single()).startsWith("17.");
    }
}
