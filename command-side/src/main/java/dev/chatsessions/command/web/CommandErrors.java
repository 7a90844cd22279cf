package dev.chatsessions.command.web;

import dev.chatsessions.command.NoReplyRunning;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ReplyInProgress;
import dev.chatsessions.command.ResourceNotFound;
import dev.chatsessions.command.TooManyRequests;
import dev.chatsessions.command.idempotency.ConflictingRequest;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/**
 * The write side's own failures as problem JSON. Spring's standard failures (malformed JSON, wrong types, media
 * types) are left to Spring Boot's problem-details handler.
 */
@RestControllerAdvice(basePackages = "dev.chatsessions.command")
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandErrors {

    static final String NOT_FOUND_DETAIL = "No such resource, or it was deleted";

    @ExceptionHandler
    ProblemDetail rejected(RejectedInput e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.field() + " " + e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return problem;
    }

    /**
     * Unknown, deleted and other users' resources answer alike. An id of the other aggregate type (a project's id
     * given as a session's) cannot be sourced as this type, and is just as unknown.
     */
    @ExceptionHandler({ResourceNotFound.class, AggregateNotFoundException.class, IncompatibleAggregateException.class})
    ProblemDetail notFound() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, NOT_FOUND_DETAIL);
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictingRequest e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail replyInProgress(ReplyInProgress e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Reply in progress");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail noReply(NoReplyRunning e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail tooLarge(ContentTooLarge e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooMany(TooManyRequests e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle(e.title());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                             .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                             .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                             .body(problem);
    }
}
