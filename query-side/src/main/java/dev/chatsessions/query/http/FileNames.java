package dev.chatsessions.query.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * A download's {@code Content-Disposition}: an ASCII file name that is safe on every system (letters, digits, dots,
 * dashes and underscores; no path, no quotes, no control characters, at most 80 characters) and the name as the user
 * wrote it, percent-encoded in {@code filename*} (RFC 6266) with the same characters removed.
 */
final class FileNames {

    private static final int MAX = 80;

    private FileNames() {}

    static String attachment(String name, String extension) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .replaceAll("[^A-Za-z0-9._-]+", "-")
                .replaceAll("[-.]{2,}", "-")
                .replaceAll("^[-.]+|[-.]+$", "");
        if (ascii.length() > MAX) {
            ascii = ascii.substring(0, MAX).replaceAll("[-.]+$", "");
        }
        if (ascii.isEmpty()) {
            ascii = "chat";
        }
        String unicode = name.replaceAll("[\\p{Cntrl}/\\\\:*?\"<>|]+", " ").strip();
        if (unicode.isEmpty()) {
            unicode = ascii;
        }
        return "attachment; filename=\"" + ascii + "." + extension + "\"; filename*=UTF-8''"
                + URLEncoder.encode(unicode + "." + extension, StandardCharsets.UTF_8)
                        .replace("+", "%20");
    }
}
