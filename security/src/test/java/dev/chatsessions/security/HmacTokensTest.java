package dev.chatsessions.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HmacTokensTest {

    @Test
    void refusesSecretsShorterThan32Bytes() {
        assertThatThrownBy(() -> new HmacTokens("too-short"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chat.security.jwt.hmac-secret")
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void acceptsTokensSignedWithTheSecretsUtf8Bytes() {
        String secret = "ünïcödé-secret-that-is-long-enough-for-hs256";
        var jwt = new HmacTokens(secret)
                .decoder()
                .decode(SignedTokens.hs256(secret, "alice", Duration.ofMinutes(5), List.of("admin")));
        assertThat(jwt.getSubject()).isEqualTo("alice");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("admin");
    }
}
