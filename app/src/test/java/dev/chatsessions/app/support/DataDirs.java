package dev.chatsessions.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh data directories for servers started by tests, under the build's {@code target} so a clean removes them. */
public final class DataDirs {

    private DataDirs() {}

    public static Path fresh(String purpose) {
        try {
            Path root = Files.createDirectories(Path.of("target", "it-data").toAbsolutePath());
            return Files.createTempDirectory(root, purpose + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
