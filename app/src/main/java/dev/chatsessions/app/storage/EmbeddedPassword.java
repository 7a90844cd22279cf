package dev.chatsessions.app.storage;

import dev.chatsessions.security.OwnerOnlyFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The embedded PostgreSQL's superuser password: generated on first start, kept owner-only in the data dir
 * ({@value #FILE}) and repaired if found looser, and required for every connection ({@code pg_hba.conf}).
 */
final class EmbeddedPassword {

    static final String FILE = "postgres-password";

    private static final String PASSWORD_ONLY_HBA = """
            # Written by chat-sessions at every start: a password (SCRAM) for every connection, from loopback only.
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    private final Path file;
    private final String value;
    private final boolean isNew;

    private EmbeddedPassword(Path file, String value, boolean isNew) {
        this.file = file;
        this.value = value;
        this.isNew = isNew;
    }

    static EmbeddedPassword inDataDir(Path dataDir, Path pgData) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            OwnerOnlyFiles.repair(file);
            return new EmbeddedPassword(
                    file, Files.readString(file, StandardCharsets.UTF_8).strip(), false);
        }
        Path hba = pgData.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(PASSWORD_ONLY_HBA)) {
            throw new IllegalStateException("The embedded PostgreSQL in " + pgData + " requires a password, but " + file
                    + " is gone: restore that file");
        }
        return new EmbeddedPassword(file, OwnerOnlyFiles.writeNewSecret(file), true);
    }

    Path file() {
        return file;
    }

    String value() {
        return value;
    }

    /** Whether this start generated the password (it is not yet the server's unless the cluster is new). */
    boolean isNew() {
        return isNew;
    }

    /** Before the server starts: password authentication for every connection. */
    static void requireForEveryConnection(Path pgData) {
        try {
            Files.writeString(pgData.resolve("pg_hba.conf"), PASSWORD_ONLY_HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a cluster made before passwords were used: sets the password, then requires it from now on. */
    void setOn(EmbeddedPostgres postgres, Path pgData) throws IOException {
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("alter role postgres password '" + value + "'");
            requireForEveryConnection(pgData);
            statement.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("Cannot set the embedded PostgreSQL's password", e);
        }
    }
}
