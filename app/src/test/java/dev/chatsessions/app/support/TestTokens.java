package dev.chatsessions.app.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Tokens for tests, good and bad, signed the way the service's modes expect. */
public final class TestTokens {

    private TestTokens() {}

    public static String hs256(String secret, String subject, Duration validFor, List<String> roles) {
        try {
            return sign(
                    new MACSigner(secret.getBytes(StandardCharsets.UTF_8)),
                    JWSAlgorithm.HS256,
                    null,
                    claims(subject, validFor, roles));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs256(RSAKey key, String subject, Duration validFor) {
        try {
            return sign(new RSASSASigner(key), JWSAlgorithm.RS256, key.getKeyID(), claims(subject, validFor, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: claims that nobody signed. */
    public static String unsigned(String subject) {
        return new PlainJWT(claims(subject, Duration.ofHours(1), null)).serialize();
    }

    private static JWTClaimsSet claims(String subject, Duration validFor, List<String> roles) {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.plus(validFor)));
        if (roles != null) {
            claims.claim("roles", roles);
        }
        return claims.build();
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims)
            throws Exception {
        var header = new JWSHeader.Builder(algorithm)
                .type(JOSEObjectType.JWT)
                .keyID(keyId)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
