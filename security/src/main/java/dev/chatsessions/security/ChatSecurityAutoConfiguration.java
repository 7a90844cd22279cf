package dev.chatsessions.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.security.http.DevTokenController;
import dev.chatsessions.security.http.ProblemRefusals;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The one security configuration of every entry point (the one-process app and each side alone). Every
 * {@code /api} call needs a bearer token whose {@code sub} is the user; {@code /api/admin/**} and the actuator
 * (but health) need the {@code admin} role from the token's {@code roles} claim. Health, the OpenAPI document and
 * the Swagger UI are open. Refusals answer problem JSON. How tokens are validated is the {@link SecurityMode}: with
 * an identity provider Spring Boot's own decoder is used (with {@link SubjectRequired} added), otherwise one of
 * the HMAC decoders below.
 */
@AutoConfiguration(
        before = {
            OAuth2ResourceServerAutoConfiguration.class,
            SecurityAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class
        },
        beforeName = "org.springframework.boot.actuate.autoconfigure.security.servlet."
                + "ManagementWebSecurityAutoConfiguration")
public class ChatSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChatSecurityAutoConfiguration.class);

    /** The chat page and the Swagger UI load scripts only from here; no inline script runs. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /**
     * The security headers are written before the request reaches its handler, not on the way back: a streamed reply
     * writes the response from the reply's thread while the request's thread unwinds, and Tomcat's headers are not
     * thread-safe (spring-security#9175). Written afterwards, the two threads corrupted a response's headers now and
     * then under load (a {@code NullPointerException} in Tomcat's {@code MimeHeaders}, the client's connection closed;
     * 3 of 1,000 streamed replies in the benchmark).
     */
    private static final ObjectPostProcessor<HeaderWriterFilter> HEADERS_BEFORE_THE_HANDLER =
            new ObjectPostProcessor<>() {
                @Override
                public <O extends HeaderWriterFilter> O postProcess(O filter) {
                    filter.setShouldWriteHeadersEagerly(true);
                    return filter;
                }
            };

    @Bean
    SecurityMode securityMode(Environment environment) {
        SecurityMode mode = SecurityMode.of(environment);
        if (mode == SecurityMode.LOCAL) {
            LocalModeRule.check(environment);
        }
        log.info(
                "Security mode: {}",
                switch (mode) {
                    case IDENTITY_PROVIDER -> "tokens from the configured identity provider";
                    case SHARED_SECRET ->
                        "HS256 tokens signed with the shared secret (" + SecurityMode.HMAC_SECRET + ")";
                    case LOCAL ->
                        LocalModeRule.optedIn(environment)
                                ? "local, reachable by others (" + LocalModeRule.DEV_OPT_IN
                                        + "): anyone may take any token "
                                        + "from POST /api/dev/tokens; for development only"
                                : "local; tokens from POST /api/dev/tokens, signed with a secret kept in the data dir";
                });
        return mode;
    }

    /** Picked up by Spring Boot's identity-provider decoders too. */
    @Bean
    OAuth2TokenValidator<Jwt> subjectRequired() {
        return new SubjectRequired();
    }

    @Bean
    @Conditional(SecurityMode.SharedSecret.class)
    JwtDecoder sharedSecretJwtDecoder(@Value("${" + SecurityMode.HMAC_SECRET + "}") String secret) {
        return new HmacTokens(secret).decoder();
    }

    /** Depends on the mode bean, which refuses local mode where others could reach it, so that check comes first. */
    @Bean
    @Conditional(SecurityMode.Local.class)
    LocalTokens localTokens(SecurityMode checked, @Value("${chat.data-dir:./data}") Path dataDir) throws IOException {
        return LocalTokens.inDataDir(dataDir);
    }

    @Bean
    @Conditional(SecurityMode.Local.class)
    JwtDecoder localJwtDecoder(LocalTokens localTokens) {
        return localTokens.decoder();
    }

    @Bean
    @Conditional(SecurityMode.Local.class)
    DevTokenController devTokenController(LocalTokens localTokens) {
        return new DevTokenController(localTokens);
    }

    /**
     * Spring's default bind is every interface; local mode listens on loopback unless told otherwise. Depends on the
     * mode bean, so a refused local mode stops the start before the server could listen.
     */
    @Bean
    @Conditional(SecurityMode.Local.class)
    WebServerFactoryCustomizer<ConfigurableWebServerFactory> localModeBindsLoopback(
            SecurityMode checked, Environment environment) {
        return factory -> {
            if (LocalModeRule.bindsLoopbackByDefault(environment)) {
                factory.setAddress(InetAddress.getLoopbackAddress());
            }
        };
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ObjectMapper objectMapper) throws Exception {
        AuthenticationEntryPoint unauthenticated = ProblemRefusals.unauthenticated(objectMapper);
        AccessDeniedHandler forbidden = ProblemRefusals.forbidden(objectMapper);
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .withObjectPostProcessor(HEADERS_BEFORE_THE_HANDLER))
                .authorizeHttpRequests(requests -> requests
                        // A streamed reply re-enters the filters to write; the request itself was authorized.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/api/dev/tokens", "/error")
                        .permitAll()
                        .requestMatchers("/api/admin/**", "/actuator/**")
                        .hasRole("admin")
                        .requestMatchers("/api/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromClaim()))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
                .build();
    }

    private static JwtAuthenticationConverter rolesFromClaim() {
        var authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("roles");
        authorities.setAuthorityPrefix("ROLE_");
        var converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }
}
