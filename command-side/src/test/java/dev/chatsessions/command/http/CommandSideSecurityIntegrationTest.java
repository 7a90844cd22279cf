package dev.chatsessions.command.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatsessions.command.CommandSideApplication;
import dev.chatsessions.command.support.CommandSideDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The write side run alone has the same security as the one-process app: the security module's. */
@SpringBootTest(
        classes = CommandSideApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chat.security.jwt.hmac-secret=" + CommandSideSecurityIntegrationTest.SECRET)
class CommandSideSecurityIntegrationTest {

    static final String SECRET = "command-side-security-test-secret-of-32-bytes-or-more";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        CommandSideDatabase.register(registry);
    }

    @Test
    void refusesCallsWithoutATokenAndActsAsTheTokensUser() throws Exception {
        var anonymous = send("POST", "/api/projects", "{\"name\":\"Mine\"}", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(send("POST", "/api/projects", "{\"name\":\"Mine\"}", token("alice", List.of()))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void refusesAdminEndpointsToNonAdmins() throws Exception {
        assertThat(send("GET", "/api/admin/projections", null, token("alice", List.of()))
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/api/admin/projections", null, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusesToStartWithoutTokenSettings() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(CommandSideApplication.class)
                        .run(
                                "--server.port=0",
                                "--spring.datasource.url=" + CommandSideDatabase.url(),
                                "--spring.datasource.username=postgres")
                        .close())
                .rootCause()
                .hasMessageContaining("chat.security.jwt.hmac-secret");
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String user, List<String> roles) throws Exception {
        var claims = new JWTClaimsSet.Builder()
                .subject(user)
                .claim("roles", roles)
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
