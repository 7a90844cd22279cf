package dev.chatsessions.command.idempotency;

import dev.chatsessions.command.RejectedInput;

/** The {@code Idempotency-Key} header's rule: 1 to 255 visible ASCII characters, so that it is stored as given. */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {}

    static void check(String key) {
        if (key == null) {
            return;
        }
        if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new RejectedInput(
                    HEADER,
                    "must be 1 to " + MAX_LENGTH + " visible ASCII characters (no spaces or control characters)");
        }
    }
}
