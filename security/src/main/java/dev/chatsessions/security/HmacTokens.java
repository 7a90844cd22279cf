package dev.chatsessions.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * HS256 tokens under one secret, whose UTF-8 bytes are the key as given. Tokens must carry a usable {@code sub}
 * ({@link SubjectRequired}) and {@code exp}; expiry is checked with Spring Security's default clock skew of 60 seconds.
 */
final class HmacTokens {

    static final int MIN_SECRET_BYTES = 32;

    private final SecretKey key;

    HmacTokens(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(SecurityMode.HMAC_SECRET + " must be at least " + MIN_SECRET_BYTES
                    + " bytes long (UTF-8); it is " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    JwtDecoder decoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        OAuth2TokenValidator<Jwt> required = new DelegatingOAuth2TokenValidator<>(
                new SubjectRequired(), new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), required));
        return decoder;
    }

    JwtEncoder encoder() {
        return new NimbusJwtEncoder(new ImmutableSecret<>(key));
    }
}
