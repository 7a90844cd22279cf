package dev.chatsessions.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** How bearer tokens are validated, decided by configuration alone. */
public enum SecurityMode {
    /** An identity provider's issuer or JWK set ({@code spring.security.oauth2.resourceserver.jwt.*}). */
    IDENTITY_PROVIDER,
    /** A shared HMAC-SHA256 secret ({@code chat.security.jwt.hmac-secret}). */
    SHARED_SECRET,
    /**
     * Neither: the service keeps its own secret in the data dir and hands out tokens at /api/dev/tokens. Allowed
     * only where nobody else can reach it ({@link LocalModeRule}).
     */
    LOCAL;

    public static final String HMAC_SECRET = "chat.security.jwt.hmac-secret";
    static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

    public static SecurityMode of(Environment environment) {
        boolean provider = has(environment, ISSUER_URI) || has(environment, JWK_SET_URI);
        boolean secret = has(environment, HMAC_SECRET);
        if (provider && secret) {
            throw new IllegalStateException("Configure either an identity provider (spring.security.oauth2."
                    + "resourceserver.jwt.*) or " + HMAC_SECRET + ", not both");
        }
        return provider ? IDENTITY_PROVIDER : secret ? SHARED_SECRET : LOCAL;
    }

    static boolean has(Environment environment, String property) {
        String value = environment.getProperty(property);
        return value != null && !value.isBlank();
    }

    static class Local implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()) == LOCAL;
        }
    }

    static class SharedSecret implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()) == SHARED_SECRET;
        }
    }
}
