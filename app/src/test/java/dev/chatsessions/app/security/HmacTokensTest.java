package dev.chatsessions.app.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        var jwt = new HmacTokens(secret).decoder()
                                        .decode(TestTokens.hs256(secret, "alice", Duration.ofMinutes(5), List.of("admin")));
        assertThat(jwt.getSubject()).isEqualTo("alice");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("admin");
    }

    @Test
    void localTokensSurviveARestart(@TempDir Path dataDir) throws Exception {
        String token = LocalTokens.inDataDir(dataDir).issue("alice", List.of());

        var afterRestart = LocalTokens.inDataDir(dataDir);

        assertThat(afterRestart.decoder().decode(token).getSubject()).isEqualTo("alice");
    }
}
