package dev.chatsessions.app.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatsessions.app.support.HttpIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded PostgreSQL of the default run keeps data like a real server does: durably, and only for the
 * service (a password kept owner-only, loopback only).
 */
class EmbeddedPostgresIntegrationTest extends HttpIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EmbeddedPostgres postgres;

    @Value("${chat.data-dir}")
    Path dataDir;

    @Test
    void flushesCommitsToDisk() {
        assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("show synchronous_commit").query(String.class).single())
                .isEqualTo("on");
        assertThat(jdbc.sql("show full_page_writes").query(String.class).single())
                .isEqualTo("on");
        assertThat(jdbc.sql("show server_version").query(String.class).single()).startsWith("17.");
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(jdbc.sql("show listen_addresses").query(String.class).single())
                .isEqualTo("localhost");
    }

    @Test
    void refusesConnectionsWithoutThePassword() {
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";

        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "guess"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThat(jdbc.sql("select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void keepsThePasswordOwnerOnly() throws Exception {
        Path password = dataDir.resolve("postgres-password");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(password).strip()).hasSizeGreaterThanOrEqualTo(40);
    }
}
