package dev.chatsessions.app.support;

import dev.chatsessions.app.ChatSessionsApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One node of a test that runs several: the whole application on a random port, on a database the nodes share
 * ({@link TestDatabases#fresh()}), with a data directory and a node name of its own, checking HS256 tokens signed
 * with {@link #SECRET} (the shared-secret mode every node of a deployment runs in).
 */
public final class Node implements AutoCloseable {

    public static final String SECRET = "several-nodes-test-secret-of-at-least-32-bytes";

    private final ConfigurableApplicationContext context;

    private Node(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts a node named {@code name} on {@code database} (a JDBC URL); {@code settings} are further
     * {@code --name=value} arguments, which outrank application.yml.
     */
    public static Node start(String database, String name, String... settings) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--chat.data-dir=" + DataDirs.fresh("node-" + name),
                "--chat.node-name=" + name,
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--chat.security.jwt.hmac-secret=" + SECRET));
        arguments.addAll(List.of(settings));
        return new Node(
                new SpringApplicationBuilder(ChatSessionsApplication.class).run(arguments.toArray(String[]::new)));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A client acting as {@code user}, with tokens signed by {@link #SECRET}. */
    public Api client(String user) {
        return Api.at(port(), Node::token).as(user);
    }

    /** A client acting as {@code user} with the {@code admin} role. */
    public Api admin(String user) {
        return Api.at(port(), u -> TestTokens.hs256(SECRET, u, Duration.ofHours(1), List.of("admin")))
                .as(user);
    }

    /** A token of {@code user} that every node accepts. */
    public static String token(String user) {
        return TestTokens.hs256(SECRET, user, Duration.ofHours(1), List.of());
    }

    @Override
    public void close() {
        context.close();
    }
}
