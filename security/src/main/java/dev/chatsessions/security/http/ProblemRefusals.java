package dev.chatsessions.security.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Security's refusals as problem JSON: the bearer-token headers ({@code WWW-Authenticate}) as Spring Security sets
 * them, and the body as every other error.
 */
public final class ProblemRefusals {

    private ProblemRefusals() {}

    /** No token, or one that does not validate: 401. */
    public static AuthenticationEntryPoint unauthenticated(ObjectMapper objectMapper) {
        var bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, e) -> {
            bearer.commence(request, response, e);
            refuse(request, response, HttpStatus.UNAUTHORIZED, "A valid bearer token is required", objectMapper);
        };
    }

    /** A valid token without the role the call needs: 403. */
    public static AccessDeniedHandler forbidden(ObjectMapper objectMapper) {
        var bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, e) -> {
            bearer.handle(request, response, e);
            refuse(request, response, HttpStatus.FORBIDDEN, "This needs the admin role", objectMapper);
        };
    }

    private static void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String detail,
            ObjectMapper objectMapper)
            throws IOException {
        ProblemResponses.write(request, response, ProblemDetail.forStatusAndDetail(status, detail), objectMapper);
    }
}
