package dev.chatsessions.command.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.security.http.ProblemResponses;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Per-user rate limits (Resilience4j): on writes ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under
 * {@code /api}) and, apart, on posts that have the assistant reply. Limits are counted by each process. Over the limit the request is refused with
 * {@code 429} problem JSON and {@code Retry-After} before anything runs. The defaults are far above what a person
 * chatting sends; they stop scripts that flood the store or the model. Reads are not limited. Runs after
 * authentication (Spring Security's filters come first), so the user is the token's.
 */
@Component
class RateLimits extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final PathPattern REPLY = PathPatternParser.defaultInstance.parse("/api/chat-sessions/*/messages");
    /** Limiters of this many recently active users are kept; one that is dropped starts afresh. */
    private static final int USERS_KEPT = 100_000;

    private final RateLimiterConfig writes;
    private final RateLimiterConfig replies;
    private final ObjectMapper objectMapper;
    private final Map<String, RateLimiter> limiters =
            Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
                    return size() > USERS_KEPT;
                }
            });

    RateLimits(
            @Value("${chat.rate-limit.writes-per-minute:300}") int writesPerMinute,
            @Value("${chat.rate-limit.replies-per-minute:30}") int repliesPerMinute,
            ObjectMapper objectMapper) {
        this.writes = perMinute(writesPerMinute);
        this.replies = perMinute(repliesPerMinute);
        this.objectMapper = objectMapper;
    }

    private static RateLimiterConfig perMinute(int limit) {
        return RateLimiterConfig.custom()
                .limitForPeriod(limit)
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Principal user = request.getUserPrincipal();
        if (user == null || !WRITES.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean reply = request.getMethod().equals("POST") && REPLY.matches(PathContainer.parsePath(path));
        RateLimiter limiter = limiters.computeIfAbsent(
                (reply ? "replies " : "writes ") + user.getName(),
                name -> RateLimiter.of(name, reply ? replies : writes));
        if (limiter.acquirePermission()) {
            chain.doFilter(request, response);
        } else {
            refuse(
                    request,
                    response,
                    reply,
                    ((AtomicRateLimiter) limiter).getDetailedMetrics().getNanosToWait());
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, boolean reply, long nanosToWait)
            throws IOException {
        long seconds = Math.max(1, Duration.ofNanos(nanosToWait).toSeconds() + 1);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.TOO_MANY_REQUESTS,
                (reply ? "Too many replies asked for" : "Too many changes") + " in a minute; try again in " + seconds
                        + " s");
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemResponses.write(request, response, problem, objectMapper);
    }
}
