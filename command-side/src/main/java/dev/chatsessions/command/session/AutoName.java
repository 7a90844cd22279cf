package dev.chatsessions.command.session;

/**
 * The name a session takes from its first user message: the first non-blank line, whitespace collapsed,
 * trimmed; past 50 characters cut at the last word boundary at or before 50 (or at 50 if there is none)
 * and followed by "...".
 */
final class AutoName {

    static final int MAX_LENGTH = 50;
    private static final String ELLIPSIS = "...";

    private AutoName() {
    }

    static String of(String content) {
        String line = content.lines()
                             .filter(l -> !l.isBlank())
                             .findFirst()
                             .orElseThrow(() -> new IllegalArgumentException("content is blank"))
                             .replaceAll("\\s+", " ")
                             .strip();
        if (line.length() <= MAX_LENGTH) {
            return line;
        }
        int cut = line.charAt(MAX_LENGTH) == ' ' ? MAX_LENGTH : line.lastIndexOf(' ', MAX_LENGTH - 1);
        return (cut > 0 ? line.substring(0, cut) : line.substring(0, MAX_LENGTH)) + ELLIPSIS;
    }
}
