package dev.chatsessions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Plain HS256 JWTs, so that the jpa-crud peer checks a bearer token on every call as the service does. */
public final class Hs256 {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private Hs256() {}

    public static String sign(String secret, String subject, long expiresEpochSecond) {
        return sign(secret, subject, expiresEpochSecond, "");
    }

    /** A token with a {@code roles} claim ({@code admin} for the service's admin calls). */
    public static String signWithRoles(String secret, String subject, long expiresEpochSecond, String... roles) {
        return sign(
                secret,
                subject,
                expiresEpochSecond,
                ",\"roles\":["
                        + String.join(
                                ",",
                                java.util.Arrays.stream(roles)
                                        .map(r -> "\"" + r + "\"")
                                        .toList()) + "]");
    }

    private static String sign(String secret, String subject, long expiresEpochSecond, String moreClaims) {
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims =
                B64.encodeToString(("{\"sub\":\"" + subject + "\",\"exp\":" + expiresEpochSecond + moreClaims + "}")
                        .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + B64.encodeToString(mac(secret, header + "." + claims));
    }

    /** The token's subject, or null when the token is malformed, wrongly signed or expired. */
    public static String verify(String secret, String token) {
        try {
            String[] parts = token.split("\\.");
            if (parts.length != 3) {
                return null;
            }
            byte[] expected = mac(secret, parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
                return null;
            }
            JsonNode claims = Http.JSON.readTree(B64D.decode(parts[1]));
            if (claims.path("exp").asLong(0) < System.currentTimeMillis() / 1000) {
                return null;
            }
            return claims.path("sub").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] mac(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
