package dev.chatsessions.security.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Problem JSON written by code that runs before any controller (security's refusals, the write side's filters),
 * exactly as the error advice answers: the same fields, the request's path as {@code instance}.
 */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static void write(
            HttpServletRequest request, HttpServletResponse response, ProblemDetail problem, ObjectMapper objectMapper)
            throws IOException {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
