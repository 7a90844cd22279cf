package dev.chatsessions.query.http;

import dev.chatsessions.eventstore.StorageFailures;
import dev.chatsessions.query.BadQuery;
import dev.chatsessions.query.NotFound;
import dev.chatsessions.security.http.ProblemAdvice;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every failure of the read side's endpoints as problem JSON: Spring's standard ones as Spring answers them, the read
 * side's own, and whatever else escapes. Nothing is left to Spring's fallbacks, which take a database failure whose
 * message mentions a reset connection for a client that went away and answer an empty 200.
 */
@RestControllerAdvice(basePackages = "dev.chatsessions.query")
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryErrors extends ProblemAdvice {

    /** A query parameter that does not read as its type (a malformed date or time): 400 naming it. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(MethodArgumentTypeMismatchException e) {
        String type =
                e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return badQuery(new BadQuery(e.getName(), "is not a valid " + type + ": " + e.getValue()));
    }

    /** Query handlers run behind Axon's query bus, which hands their failures back wrapped. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        Throwable failure = e;
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof BadQuery badQuery) {
            return badQuery(badQuery);
        }
        if (failure instanceof NotFound notFound) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(notFound());
        }
        if (StorageFailures.isUnavailable(failure)) {
            return unavailable(failure, "The service could not reach its database; try again in a moment");
        }
        return failed(failure);
    }

    private static ResponseEntity<ProblemDetail> badQuery(BadQuery e) {
        return ResponseEntity.badRequest().body(invalid(e.parameter(), e.getMessage()));
    }
}
