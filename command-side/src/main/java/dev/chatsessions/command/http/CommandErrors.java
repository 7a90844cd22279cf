package dev.chatsessions.command.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ResourceNotFound;
import dev.chatsessions.command.TooManyRequests;
import dev.chatsessions.command.idempotency.ConflictingRequest;
import dev.chatsessions.command.session.IdInUse;
import dev.chatsessions.command.session.NoReplyRunning;
import dev.chatsessions.command.session.ReplyInProgress;
import dev.chatsessions.eventstore.StorageFailures;
import dev.chatsessions.security.http.ProblemAdvice;
import java.util.stream.Collectors;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * Every failure of the write side's endpoints as problem JSON: Spring's standard ones (malformed JSON, wrong types,
 * media types) as Spring answers them, the write side's own, and whatever else escapes. Nothing is left to Spring's
 * fallbacks, which take a database failure whose message mentions a reset connection for a client that went away and
 * answer an empty 200.
 */
@RestControllerAdvice(basePackages = "dev.chatsessions.command")
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandErrors extends ProblemAdvice {

    static final String UNAVAILABLE = "The service could not reach its database, so this request may or may not have "
            + "been stored. Repeat it with the same id or Idempotency-Key: it is carried "
            + "out once.";
    static final String NUL_MESSAGE = "must not contain the character U+0000";

    @ExceptionHandler
    ProblemDetail rejected(RejectedInput e) {
        return invalid(e.field(), e.getMessage());
    }

    /** A body that is not the JSON the call takes; where a value in it is at fault, the answer names its field. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The body is not the JSON this call takes");
        if (e.getCause() instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(step -> step.getFieldName() != null ? step.getFieldName() : "[" + step.getIndex() + "]")
                    .collect(Collectors.joining("."));
            boolean nul = mapping instanceof InvalidFormatException format
                    && format.getValue() instanceof String text
                    && text.indexOf('\u0000') >= 0;
            problem = invalid(field, nul ? NUL_MESSAGE : "is not a valid value here");
        }
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * The database failed (down, restarting, a commit whose outcome is unknown), or a session stayed too busy for the
     * command to get its turn: 503, and the same request again with its id or Idempotency-Key is answered exactly
     * once. Anything else is a fault of the service: 500.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (StorageFailures.isUnavailable(e) || e instanceof ConcurrencyException) {
            return unavailable(e, UNAVAILABLE);
        }
        return failed(e);
    }

    /**
     * Unknown, deleted and other users' resources answer alike. An id of the other aggregate type (a project's id
     * given as a session's) cannot be sourced as this type, and is just as unknown.
     */
    @ExceptionHandler({ResourceNotFound.class, AggregateNotFoundException.class, IncompatibleAggregateException.class})
    ProblemDetail unknown() {
        return notFound();
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
