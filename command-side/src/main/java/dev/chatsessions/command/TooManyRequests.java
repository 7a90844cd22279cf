package dev.chatsessions.command;

import java.time.Duration;

/** A bound on work running or waiting at once was reached: 429 with {@code Retry-After}; nothing was saved. */
public class TooManyRequests extends RuntimeException {

    private final String title;
    private final Duration retryAfter;

    public TooManyRequests(String title, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.title = title;
        this.retryAfter = retryAfter;
    }

    public String title() {
        return title;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
