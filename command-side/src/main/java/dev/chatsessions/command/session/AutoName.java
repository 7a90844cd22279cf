package dev.chatsessions.command.session;

/**
 * The name a session takes from its first user message: the first non-blank line, whitespace collapsed,
 * trimmed; past 50 characters cut at the last word boundary at or before 50 (or at 50 if there is none)
 * and followed by "...".
 */
final class AutoName {

    static final int MAX_LENGTH = 50;
    private static final String ELLIPSIS = "...";

    private AutoName() {}

    static String of(String content) {
        String line = content.lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("content is blank"))
                .replaceAll("\\p{javaWhitespace}+", " ") // what isBlank() and strip() call whitespace
                .strip();
        if (line.codePointCount(0, line.length()) <= MAX_LENGTH) {
            return line;
        }
        // counted in characters (code points), so that a character outside the BMP is never cut in half
        int end = line.offsetByCodePoints(0, MAX_LENGTH);
        int cut = line.charAt(end) == ' ' ? end : line.lastIndexOf(' ', end - 1);
        return (cut > 0 ? line.substring(0, cut) : line.substring(0, end)) + ELLIPSIS;
    }
}
