package dev.chatsessions.security.http;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What the error advice of every side shares: Spring's standard failures as Spring answers them (the base class), a
 * 400 that names the field at fault, the 503 that asks to repeat the request, the 500 for the service's own faults,
 * and the one 404 text that tells unknown, deleted and other users' resources alike.
 */
public abstract class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** Unknown, deleted and other users' resources answer alike, so that ids cannot be probed. */
    public static final String NOT_FOUND_DETAIL = "No such resource, or it was deleted";

    public static final String FAILED = "The service failed to answer this request; it has been logged";

    /** 400 "Invalid request" naming {@code field}, with the contract's {@code errors} list. */
    public static ProblemDetail invalid(String field, String message) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + " " + message);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }

    public static ProblemDetail notFound() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, NOT_FOUND_DETAIL);
    }

    /** The database could not be reached: 503 with {@code Retry-After}, saying why the request may be repeated. */
    protected static ResponseEntity<ProblemDetail> unavailable(Throwable failure, String detail) {
        log.warn("Answered 503: {}", failure.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
    }

    /** A fault of the service: 500, with the failure logged and not shown. */
    protected static ResponseEntity<ProblemDetail> failed(Throwable failure) {
        log.error("Request failed", failure);
        return ResponseEntity.internalServerError()
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, FAILED));
    }
}
