package dev.chatsessions.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.chatsessions.app.support.TestDatabases;
import dev.chatsessions.app.support.TestTokens;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Tokens checked against an identity provider's JWK set, served here by a local HTTP server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityProviderIntegrationTest {

    private static final RSAKey providerKey = generate("provider");
    private static final HttpServer jwkSet = serve(new JWKSet(providerKey.toPublicJWK()).toString());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::fresh);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://localhost:" + jwkSet.getAddress().getPort() + "/jwks.json");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopProvider() {
        jwkSet.stop(0);
    }

    @Test
    void acceptsTokensSignedByTheProvider() throws Exception {
        assertThat(get("/api/projects", TestTokens.rs256(providerKey, "alice", Duration.ofHours(1))))
                .isEqualTo(200);
    }

    @Test
    void refusesTokensSignedByAnotherKey() throws Exception {
        assertThat(get("/api/projects", TestTokens.rs256(generate("provider"), "alice", Duration.ofHours(1))))
                .isEqualTo(401);
    }

    @Test
    void refusesExpiredTokensAndSharedSecretTokens() throws Exception {
        assertThat(get("/api/projects", TestTokens.rs256(providerKey, "alice", Duration.ofMinutes(-5))))
                .isEqualTo(401);
        assertThat(get(
                        "/api/projects",
                        TestTokens.hs256(
                                "some-secret-that-is-at-least-32-bytes-long", "alice", Duration.ofHours(1), null)))
                .isEqualTo(401);
    }

    @Test
    void refusesProviderTokensWithoutAUsableSubject() throws Exception {
        for (String subject : new String[] {null, "", " ", "a\u0000b"}) {
            assertThat(get("/api/projects", TestTokens.rs256(providerKey, subject, Duration.ofHours(1))))
                    .as("sub [%s]", subject)
                    .isEqualTo(401);
        }
    }

    @Test
    void hasNoDevTokens() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/dev/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"alice\"}"))
                .build();
        assertThat(HttpClient.newHttpClient()
                        .send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(404);
    }

    private int get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serve(String jwks) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/jwks.json", exchange -> {
                byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
