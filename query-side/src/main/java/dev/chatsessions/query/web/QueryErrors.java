package dev.chatsessions.query.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** The read side's own failures as problem JSON; Spring's standard ones are left to Spring Boot's handler. */
@RestControllerAdvice(basePackages = "dev.chatsessions.query")
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryErrors {

    @ExceptionHandler
    ProblemDetail badQuery(BadQuery e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.parameter() + " " + e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", e.parameter(), "message", e.getMessage())));
        return problem;
    }

    /** A query parameter that does not read as its type (a malformed date or time): 400 naming it. */
    @ExceptionHandler
    ProblemDetail unreadable(MethodArgumentTypeMismatchException e) {
        String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return badQuery(new BadQuery(e.getName(), "is not a valid " + type + ": " + e.getValue()));
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFound e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** Query handlers run behind Axon's query bus, which hands their failures back wrapped. */
    @ExceptionHandler
    ProblemDetail unwrap(CompletionException e) throws Throwable {
        Throwable cause = e.getCause();
        if (cause instanceof BadQuery badQuery) {
            return badQuery(badQuery);
        }
        throw cause;
    }
}
