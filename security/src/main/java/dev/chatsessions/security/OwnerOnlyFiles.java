package dev.chatsessions.security;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files holding secrets: readable and writable by their owner alone from the moment they exist (the permissions
 * are given at creation, not set afterwards), and repaired when found looser. On file systems without POSIX
 * permissions (Windows) the files keep their directory's access rules.
 */
public final class OwnerOnlyFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {}

    /** A new, empty, owner-only file in {@code dir}, named after {@code purpose}; move it into place once written. */
    public static Path createTemp(Path dir, String purpose) throws IOException {
        return posix()
                ? Files.createTempFile(dir, "." + purpose, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, "." + purpose, ".tmp", new FileAttribute<?>[0]);
    }

    /** Makes {@code file} owner-only; whether it was not. */
    public static boolean repair(Path file) throws IOException {
        if (!posix() || Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            return false;
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        return true;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
