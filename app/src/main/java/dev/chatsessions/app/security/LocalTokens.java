package dev.chatsessions.app.security;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Local mode: a secret generated on first start and kept in the data dir, so that tokens survive restarts, and
 * the tokens handed out by {@code POST /api/dev/tokens}.
 */
final class LocalTokens {

    static final String SECRET_FILE = "local-token-secret";
    static final Duration LIFETIME = Duration.ofHours(24);

    private final HmacTokens tokens;
    private final JwtEncoder encoder;

    private LocalTokens(String secret) {
        this.tokens = new HmacTokens(secret);
        this.encoder = tokens.encoder();
    }

    static LocalTokens inDataDir(Path dataDir) throws IOException {
        Path file = dataDir.resolve(SECRET_FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps the data dir's permissions.
            }
        }
        return new LocalTokens(Files.readString(file).strip());
    }

    JwtDecoder decoder() {
        return tokens.decoder();
    }

    String issue(String userId, List<String> roles) {
        Instant now = Instant.now();
        var claims = JwtClaimsSet.builder().subject(userId).issuedAt(now).expiresAt(now.plus(LIFETIME));
        if (roles != null && !roles.isEmpty()) {
            claims.claim("roles", roles);
        }
        var header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }
}
