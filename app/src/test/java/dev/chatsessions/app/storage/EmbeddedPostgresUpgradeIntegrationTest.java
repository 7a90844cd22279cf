package dev.chatsessions.app.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A data directory from before passwords (its cluster trusted every local user) requires one after the next start. */
class EmbeddedPostgresUpgradeIntegrationTest {

    @Test
    void aClusterThatTrustedEveryoneRequiresThePasswordFromTheNextStartOn() throws Exception {
        Path dataDir = DataDirs.fresh("upgrade");
        try (var trusting = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .start()) {
            assertThat(trusting.getPostgresDatabase().getConnection().isValid(1))
                    .isTrue();
        }

        try (var app = RestartIntegrationTest.start(dataDir)) {
            Api.at(RestartIntegrationTest.port(app)).asNewUser().createProject("After the upgrade");
            int port = app.getBean(EmbeddedPostgres.class).getPort();

            assertThatThrownBy(() -> DriverManager.getConnection(
                            "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", ""))
                    .isInstanceOf(SQLException.class);
            assertThat(Files.exists(dataDir.resolve("postgres-password"))).isTrue();
        }
    }
}
