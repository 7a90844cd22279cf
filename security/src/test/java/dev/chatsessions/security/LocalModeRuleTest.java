package dev.chatsessions.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Local mode hands out any token to whoever asks, so it runs only where nobody else can ask. */
class LocalModeRuleTest {

    @Test
    void allowsTheEmbeddedDatabaseOnLoopbackAndBindsLoopbackWhenNoAddressIsSet() {
        var defaults = new MockEnvironment();

        assertThatCode(() -> LocalModeRule.check(defaults)).doesNotThrowAnyException();
        assertThat(LocalModeRule.bindsLoopbackByDefault(defaults)).isTrue();
        assertThatCode(() -> LocalModeRule.check(new MockEnvironment().withProperty("server.address", "127.0.0.1")))
                .doesNotThrowAnyException();
        assertThatCode(() -> LocalModeRule.check(new MockEnvironment().withProperty("server.address", "::1")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnExternalDatabaseNamingTheSettingsToMake() {
        var external = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/chat");

        assertThatThrownBy(() -> LocalModeRule.check(external))
                .hasMessageContaining("spring.datasource.url")
                .hasMessageContaining(SecurityMode.HMAC_SECRET)
                .hasMessageContaining("CHAT_SECURITY_JWT_HMAC_SECRET")
                .hasMessageContaining(SecurityMode.ISSUER_URI)
                .hasMessageContaining(LocalModeRule.DEV_OPT_IN);
    }

    @Test
    void refusesListeningBeyondLoopback() {
        var everywhere = new MockEnvironment().withProperty("server.address", "0.0.0.0");

        assertThatThrownBy(() -> LocalModeRule.check(everywhere))
                .hasMessageContaining("server.address 0.0.0.0 is not loopback")
                .hasMessageContaining(SecurityMode.HMAC_SECRET);
    }

    @Test
    void allowsAnythingOnlyWithTheDevelopmentOptInAndThenKeepsSpringsBind() {
        var optedIn = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/chat")
                .withProperty("server.address", "0.0.0.0")
                .withProperty(LocalModeRule.DEV_OPT_IN, "true");

        assertThatCode(() -> LocalModeRule.check(optedIn)).doesNotThrowAnyException();
        assertThat(LocalModeRule.bindsLoopbackByDefault(optedIn)).isFalse();
    }
}
