package dev.chatsessions.command;

/**
 * The rule every project and session name follows: 1 to 100 characters after trimming, counted as a person counts
 * them (code points), so that an emoji is one character and not two UTF-16 units.
 */
public final class Names {

    public static final int MAX_LENGTH = 100;

    private Names() {}

    public static String require(String field, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH) {
            throw new RejectedInput(field, "must be 1 to " + MAX_LENGTH + " characters after trimming");
        }
        return trimmed;
    }

    /** {@code name} cut to at most {@code maxLength} characters (code points, never half of one), trailing spaces off. */
    public static String cut(String name, int maxLength) {
        if (name.codePointCount(0, name.length()) <= maxLength) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, maxLength)).stripTrailing();
    }
}
