package dev.chatsessions.app.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Chooses how tokens are validated. With an identity provider configured, Spring Boot's own decoder is used;
 * otherwise one of the HMAC modes below supplies it.
 */
@Configuration(proxyBeanMethods = false)
class TokenValidationConfig {

    private static final Logger log = LoggerFactory.getLogger(TokenValidationConfig.class);

    @Bean
    SecurityMode securityMode(Environment environment) {
        SecurityMode mode = SecurityMode.of(environment);
        log.info("Security mode: {}", switch (mode) {
            case IDENTITY_PROVIDER -> "tokens from the configured identity provider";
            case SHARED_SECRET -> "HS256 tokens signed with the shared secret (" + SecurityMode.HMAC_SECRET + ")";
            case LOCAL -> "local; tokens from POST /api/dev/tokens, signed with a secret kept in the data dir";
        });
        return mode;
    }

    @Bean
    @Conditional(SecurityMode.SharedSecret.class)
    JwtDecoder sharedSecretJwtDecoder(@Value("${" + SecurityMode.HMAC_SECRET + "}") String secret) {
        return new HmacTokens(secret).decoder();
    }

    @Bean
    @Conditional(SecurityMode.Local.class)
    LocalTokens localTokens(@Value("${chat.data-dir:./data}") Path dataDir) throws IOException {
        return LocalTokens.inDataDir(dataDir);
    }

    @Bean
    @Conditional(SecurityMode.Local.class)
    JwtDecoder localJwtDecoder(LocalTokens localTokens) {
        return localTokens.decoder();
    }
}
