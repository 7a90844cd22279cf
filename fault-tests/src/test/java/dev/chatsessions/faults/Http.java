package dev.chatsessions.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One client of the server, acting as one user with a HS256 token signed with the suite's secret, over its own
 * connections to the loopback address. Every call is bounded by a timeout; a failed exchange (the server dead,
 * the connection reset) is an {@link Answer} with status {@code -1} and the exception's name, never a throw.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String userId;
    private final String token;
    private final HttpClient client;

    Http(String baseUrl, String userId) {
        this(baseUrl, userId, false);
    }

    private Http(String baseUrl, String userId, boolean admin) {
        this.base = URI.create(baseUrl);
        this.userId = userId;
        this.token = userId == null ? null : hs256(userId, admin);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static Http admin(String baseUrl) {
        return new Http(baseUrl, "fault-admin", true);
    }

    String baseUrl() {
        return base.toString();
    }

    String userId() {
        return userId;
    }

    /** The same user over new connections of its own. */
    Http ownConnections() {
        return new Http(base.toString(), userId);
    }

    record Answer(int status, String body, double millis, String failure, String retryAfter) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String label() {
            return status < 0 ? failure : Integer.toString(status);
        }

        @Override
        public String toString() {
            return label() + " " + (body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    Answer get(String path) {
        return send(request(path, FaultSettings.READ_TIMEOUT).GET());
    }

    Answer get(String path, Duration timeout) {
        return send(request(path, timeout).GET());
    }

    Answer post(String path, Object body) {
        return send(request(path, FaultSettings.POST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body), StandardCharsets.UTF_8)));
    }

    Answer patch(String path, Object body) {
        return send(request(path, FaultSettings.POST_TIMEOUT)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json(body), StandardCharsets.UTF_8)));
    }

    Answer delete(String path) {
        return send(request(path, FaultSettings.POST_TIMEOUT).DELETE());
    }

    /** A request with the token, for callers that read the body themselves (event streams). */
    HttpRequest.Builder request(String path, Duration timeout) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    HttpClient client() {
        return client;
    }

    boolean healthUp() {
        Answer health = get("/actuator/health", Duration.ofSeconds(5));
        return health.status() == 200 && health.body().contains("\"UP\"");
    }

    /**
     * Health as an admin sees it, cut down to what is not UP: {@code DOWN [analytics: DOWN {…details}]}; the whole
     * answer when it is not health JSON.
     */
    static String healthSummary(String baseUrl) {
        Answer health = admin(baseUrl).get("/actuator/health", Duration.ofSeconds(10));
        if (health.status() < 0 || health.body() == null || !health.body().startsWith("{")) {
            return health.toString();
        }
        JsonNode json = health.json();
        StringBuilder summary =
                new StringBuilder(health.status() + " " + json.path("status").asText());
        List<String> notUp = new ArrayList<>();
        json.path("components").fields().forEachRemaining(component -> {
            if (!"UP".equals(component.getValue().path("status").asText())) {
                notUp.add(component.getKey() + ": " + component.getValue());
            }
        });
        if (!notUp.isEmpty()) {
            summary.append(" ").append(notUp);
        }
        String text = summary.toString();
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }

    /** Whether the server answers HTTP at all, whatever the status. */
    boolean answers() {
        return get("/actuator/health", Duration.ofSeconds(5)).status() > 0;
    }

    private Answer send(HttpRequest.Builder request) {
        long begun = System.nanoTime();
        try {
            HttpResponse<String> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    millis(begun),
                    null,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new Answer(-1, null, millis(begun), e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, millis(begun), "interrupted", null);
        }
    }

    static double millis(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1e6;
    }

    static String json(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A plain HS256 JWT ({@code sub}, {@code exp}, {@code roles} for an admin) signed with the suite's secret. */
    private static String hs256(String subject, boolean admin) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> claims = admin
                ? Map.of(
                        "sub", subject, "exp", Instant.now().plusSeconds(3600).getEpochSecond(), "roles", new String[] {
                            "admin"
                        })
                : Map.of("sub", subject, "exp", Instant.now().plusSeconds(3600).getEpochSecond());
        String payload = b64.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(FaultSettings.HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8));
            return header + "." + payload + "." + b64.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
