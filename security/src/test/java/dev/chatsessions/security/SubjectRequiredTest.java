package dev.chatsessions.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** A token names its user in {@code sub}, in every mode: without a usable one it is refused (401). */
class SubjectRequiredTest {

    private static final String SECRET = "subject-required-test-secret-of-at-least-32-bytes";

    @ParameterizedTest(name = "sub = [{0}]")
    @NullSource
    @ValueSource(strings = {"", "   ", "ali\u0000ce"})
    void refusesTokensWithoutAUsableSubject(String subject) {
        String token = SignedTokens.hs256(SECRET, subject, Duration.ofMinutes(5), null);

        assertThatThrownBy(() -> new HmacTokens(SECRET).decoder().decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("sub");
    }
}
