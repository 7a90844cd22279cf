package dev.chatsessions.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Files holding secrets: readable and writable by their owner alone from the moment they exist (the permissions
 * are given at creation, not set afterwards), and repaired when found looser. On file systems without POSIX
 * permissions (Windows) the files keep their directory's access rules.
 */
public final class OwnerOnlyFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {}

    /** A new, empty, owner-only file in {@code dir}, named after {@code purpose}. */
    private static Path createTemp(Path dir, String purpose) throws IOException {
        return posix()
                ? Files.createTempFile(dir, "." + purpose, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, "." + purpose, ".tmp", new FileAttribute<?>[0]);
    }

    /**
     * A new random secret (32 bytes, URL-safe Base64) written to {@code file}: in full to an owner-only file, then
     * moved into place, so that it is never readable by others and never partial.
     */
    public static String writeNewSecret(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path written =
                createTemp(file.toAbsolutePath().getParent(), file.getFileName().toString());
        Files.writeString(written, secret, StandardCharsets.UTF_8);
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
        return secret;
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
