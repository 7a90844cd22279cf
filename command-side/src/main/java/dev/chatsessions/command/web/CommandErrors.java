package dev.chatsessions.command.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.chatsessions.command.IdInUse;
import dev.chatsessions.command.NoReplyRunning;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ReplyInProgress;
import dev.chatsessions.command.ResourceNotFound;
import dev.chatsessions.command.idempotency.ConflictingRequest;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The write side's own failures as problem JSON. Spring's standard failures (malformed JSON, wrong types, media
 * types) are left to Spring Boot's problem-details handler.
 */
@RestControllerAdvice(basePackages = "dev.chatsessions.command")
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandErrors {

    static final String NOT_FOUND_DETAIL = "No such resource, or it was deleted";
    static final String NUL_MESSAGE = "must not contain the character U+0000";

    @ExceptionHandler
    ProblemDetail rejected(RejectedInput e) {
        return invalid(e.field(), e.getMessage());
    }

    /** A body that is not the JSON the call takes; where a value in it is at fault, the answer names its field. */
    @ExceptionHandler
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                                  .map(step -> step.getFieldName() != null ? step.getFieldName()
                                                                           : "[" + step.getIndex() + "]")
                                  .collect(Collectors.joining("."));
            boolean nul = mapping instanceof InvalidFormatException format
                          && format.getValue() instanceof String text && text.indexOf('\u0000') >= 0;
            return invalid(field, nul ? NUL_MESSAGE : "is not a valid value here");
        }
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The body is not the JSON this call takes");
    }

    private static ProblemDetail invalid(String field, String message) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + " " + message);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
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

    /** A new message's id is taken, or a new resource's: the event store already holds an aggregate with that id. */
    @ExceptionHandler({IdInUse.class, AggregateStreamCreationException.class})
    ProblemDetail idInUse() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, new IdInUse().getMessage());
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
}
