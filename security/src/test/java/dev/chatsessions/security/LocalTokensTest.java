package dev.chatsessions.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local token secret: owner-only from its creation on, repaired when found looser, kept across restarts. */
class LocalTokensTest {

    @TempDir
    Path dataDir;

    @Test
    void createsTheSecretOwnerOnlyWithNoOtherFileLeftBehind() throws Exception {
        LocalTokens.inDataDir(dataDir);

        assertThat(permissions(dataDir.resolve(LocalTokens.SECRET_FILE))).isEqualTo("rw-------");
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(dataDir.resolve(LocalTokens.SECRET_FILE));
        }
    }

    @Test
    void repairsASecretFileReadableByOthers() throws Exception {
        String token = LocalTokens.inDataDir(dataDir).issue("alice", List.of());
        Path secret = dataDir.resolve(LocalTokens.SECRET_FILE);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));

        var afterRestart = LocalTokens.inDataDir(dataDir);

        assertThat(permissions(secret)).isEqualTo("rw-------");
        assertThat(afterRestart.decoder().decode(token).getSubject()).isEqualTo("alice");
    }

    private static String permissions(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
