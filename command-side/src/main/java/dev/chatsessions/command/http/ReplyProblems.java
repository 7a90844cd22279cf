package dev.chatsessions.command.http;

import dev.chatsessions.command.assistant.ReplyFailure;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A failed reply as problem JSON: the {@code error} of an exchange and of a reply's event stream. */
final class ReplyProblems {

    private ReplyProblems() {}

    static ProblemDetail of(ReplyFailure failure) {
        if (failure == null) {
            return null;
        }
        var problem = ProblemDetail.forStatusAndDetail(status(failure.kind()), failure.detail());
        problem.setTitle(failure.kind() == ReplyFailure.Kind.NO_MODEL ? "No model configured" : "Reply failed");
        problem.setInstance(URI.create("/api/chat-sessions/" + failure.reply().sessionId() + "/reply"));
        return problem;
    }

    private static HttpStatus status(ReplyFailure.Kind kind) {
        return switch (kind) {
            case NO_MODEL, SHUTTING_DOWN -> HttpStatus.SERVICE_UNAVAILABLE;
            case MODEL_FAILED -> HttpStatus.BAD_GATEWAY;
            case MODEL_TIMED_OUT -> HttpStatus.GATEWAY_TIMEOUT;
            case SESSION_GONE -> HttpStatus.GONE;
            case NOT_SAVED -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
