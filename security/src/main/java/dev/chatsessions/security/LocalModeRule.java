package dev.chatsessions.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * Local mode hands an admin token to whoever asks, so it runs only where nobody else can ask: on the embedded
 * database (no {@code spring.datasource.url}) and bound to loopback ({@code server.address} unset, which then
 * means loopback, or a loopback address). Anywhere else the service refuses to start without token settings,
 * unless a developer opts in with {@value #DEV_OPT_IN}{@code =true}.
 */
final class LocalModeRule {

    static final String DEV_OPT_IN = "chat.security.dev-only-insecure-local-mode";

    private LocalModeRule() {}

    /** Whether local mode may run here; throws, naming the settings to make, where it may not. */
    static void check(Environment environment) {
        if (optedIn(environment)) {
            return;
        }
        if (SecurityMode.has(environment, "spring.datasource.url")) {
            throw refusal("an external database (spring.datasource.url) is configured");
        }
        Optional<InetAddress> address = boundAddress(environment);
        if (address.isPresent() && !address.get().isLoopbackAddress()) {
            throw refusal("server.address " + environment.getProperty("server.address") + " is not loopback");
        }
    }

    /** Whether the web server, left to its default of every interface, must be bound to loopback instead. */
    static boolean bindsLoopbackByDefault(Environment environment) {
        return !optedIn(environment) && boundAddress(environment).isEmpty();
    }

    static boolean optedIn(Environment environment) {
        return environment.getProperty(DEV_OPT_IN, Boolean.class, false);
    }

    private static Optional<InetAddress> boundAddress(Environment environment) {
        String address = environment.getProperty("server.address");
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(address.strip()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("server.address " + address + " does not resolve", e);
        }
    }

    private static IllegalStateException refusal(String reason) {
        return new IllegalStateException("No token configuration, and " + reason
                + ", so others could reach this service: refusing local "
                + "mode, where anyone may take a token for any user. Set " + SecurityMode.HMAC_SECRET
                + " (env CHAT_SECURITY_JWT_HMAC_SECRET, at least " + HmacTokens.MIN_SECRET_BYTES + " bytes) or an "
                + "identity provider (" + SecurityMode.ISSUER_URI + " or " + SecurityMode.JWK_SET_URI + "); for "
                + "development only, " + DEV_OPT_IN + "=true allows local mode anyway.");
    }
}
