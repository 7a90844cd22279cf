package dev.chatsessions.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** HS256 tokens as a client of the shared-secret mode signs them, with whatever subject a test needs. */
final class SignedTokens {

    private SignedTokens() {}

    static String hs256(String secret, String subject, Duration validFor, List<String> roles) {
        try {
            Instant now = Instant.now();
            var claims = new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(now.plus(validFor)));
            if (roles != null) {
                claims.claim("roles", roles);
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
