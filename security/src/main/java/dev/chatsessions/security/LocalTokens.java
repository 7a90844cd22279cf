package dev.chatsessions.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * Local mode: a secret generated on first start and kept in the data dir, so that tokens survive restarts, and
 * the tokens handed out by {@code POST /api/dev/tokens}.
 */
public final class LocalTokens {

    private static final Logger log = LoggerFactory.getLogger(LocalTokens.class);

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
        if (Files.exists(file)) {
            if (OwnerOnlyFiles.repair(file)) {
                log.warn(
                        "{} was readable by others: its permissions are now owner-only; tokens signed with it "
                                + "may have been forged, so consider deleting it to make a new secret",
                        file);
            }
        } else {
            Files.createDirectories(dataDir);
            OwnerOnlyFiles.writeNewSecret(file);
        }
        return new LocalTokens(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    JwtDecoder decoder() {
        return tokens.decoder();
    }

    public String issue(String userId, List<String> roles) {
        Instant now = Instant.now();
        var claims = JwtClaimsSet.builder().subject(userId).issuedAt(now).expiresAt(now.plus(LIFETIME));
        if (roles != null && !roles.isEmpty()) {
            claims.claim("roles", roles);
        }
        var header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }
}
