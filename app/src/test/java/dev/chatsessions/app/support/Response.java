package dev.chatsessions.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;

/** An HTTP answer: status, headers and body, with the assertions the contract needs. */
public record Response(int status, HttpHeaders headers, String body) {

    /** Asserts the status (showing the body when it differs) and gives the answer back. */
    public Response expect(int expected) {
        assertThat(status).as("status of an answer with body %s", body).isEqualTo(expected);
        return this;
    }

    public JsonNode json() {
        try {
            return Api.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public String contentType() {
        return header("Content-Type").orElse("");
    }

    /**
     * Asserts an RFC 9457 problem answer with {@code status}: {@code application/problem+json} with type, title,
     * status, detail and instance (the request's path), never a stack trace. Gives the problem back.
     */
    public JsonNode expectProblem(int expected, String path) {
        expect(expected);
        assertThat(contentType()).as("content type of %s", body).startsWith("application/problem+json");
        JsonNode problem = json();
        var softly = new SoftAssertions();
        softly.assertThat(problem.path("type").isTextual())
                .as("type in %s", body)
                .isTrue();
        softly.assertThat(problem.path("title").asText())
                .as("title in %s", body)
                .isNotBlank();
        softly.assertThat(problem.path("status").asInt())
                .as("status in %s", body)
                .isEqualTo(expected);
        softly.assertThat(problem.path("detail").asText())
                .as("detail in %s", body)
                .isNotBlank();
        softly.assertThat(problem.path("instance").asText())
                .as("instance in %s", body)
                .isEqualTo(path);
        softly.assertThat(body).as("no stack trace").doesNotContain("\tat ", "Exception:", "trace");
        softly.assertAll();
        return problem;
    }

    /** Asserts a 400 validation problem whose {@code errors} name {@code field}. */
    public JsonNode expectInvalid(String path, String field) {
        JsonNode problem = expectProblem(400, path);
        assertThat(problem.path("errors").isArray()).as("errors in %s", body).isTrue();
        assertThat(problem.path("errors").findValuesAsText("field"))
                .as("errors in %s", body)
                .contains(field);
        problem.path("errors")
                .forEach(error -> assertThat(error.path("message").asText()).isNotBlank());
        return problem;
    }
}
