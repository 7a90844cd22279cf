package dev.chatsessions.command.assistant;

/** The reply hit one of its bounds (length, duration): it ends there and is saved as failed with its text. */
final class ReplyLimitReached extends RuntimeException {

    private final ReplyFailure.Kind kind;

    ReplyLimitReached(ReplyFailure.Kind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    ReplyFailure.Kind kind() {
        return kind;
    }
}
