package dev.chatsessions.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.app.support.HttpIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.test.util.ReflectionTestUtils;

/** Every answer carries Spring Security's headers and a Content-Security-Policy that the chat page passes. */
class SecurityHeadersIntegrationTest extends HttpIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    SecurityFilterChain securityFilterChain;

    /**
     * A streamed reply writes the response from its own thread while the request's thread unwinds through the
     * filters; headers written on the way back would race it in Tomcat's headers, which are not thread-safe
     * (spring-security#9175: now and then a NullPointerException and a closed connection under load).
     */
    @Test
    void securityHeadersAreWrittenBeforeTheHandlerRuns() {
        var headerWriter = securityFilterChain.getFilters().stream()
                .filter(HeaderWriterFilter.class::isInstance)
                .findFirst()
                .orElseThrow();

        assertThat(ReflectionTestUtils.getField(headerWriter, "shouldWriteHeadersEagerly"))
                .isEqualTo(true);
    }

    @Test
    void everyAnswerCarriesSecurityHeaders() throws Exception {
        for (String path : new String[] {"/", "/js/app.js", "/api/projects", "/actuator/health", "/nowhere"}) {
            HttpHeaders headers = http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .headers();

            assertThat(headers.firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains(
                                    "default-src 'self'",
                                    "script-src 'self';",
                                    "object-src 'none'",
                                    "frame-ancestors 'none'")
                            .doesNotContain("unsafe-eval")
                            .doesNotContainPattern("script-src[^;]*unsafe-inline"));
            assertThat(headers.firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(headers.firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(headers.firstValue("Cache-Control"))
                    .as(path)
                    .hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        }
    }

    @Test
    void theChatPageRunsNoInlineScript() throws IOException {
        String page;
        try (InputStream in = getClass().getResourceAsStream("/static/index.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>", Pattern.CASE_INSENSITIVE)
                        .matcher(page)
                        .find())
                .as("a script element without src")
                .isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE)
                        .matcher(page)
                        .find())
                .as("an inline event handler attribute")
                .isFalse();
        assertThat(page).doesNotContainIgnoringCase("javascript:");
    }
}
