package dev.chatsessions.command;

/** The rule every project and session name follows: 1 to 100 characters after trimming. */
public final class Names {

    public static final int MAX_LENGTH = 100;

    private Names() {
    }

    public static String require(String field, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH) {
            throw new RejectedInput(field, "must be 1 to " + MAX_LENGTH + " characters after trimming");
        }
        return trimmed;
    }
}
