package dev.chatsessions.command.assistant;

import org.springframework.http.HttpStatus;

/** The reply hit one of its bounds (length, duration): it ends there and is saved as failed with its text. */
final class ReplyLimitReached extends RuntimeException {

    private final HttpStatus status;

    ReplyLimitReached(HttpStatus status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
