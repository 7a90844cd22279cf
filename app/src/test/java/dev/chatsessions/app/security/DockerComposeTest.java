package dev.chatsessions.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml publishes the port, so it must not start without token settings (local mode is refused); its
 * profiles "nodes" (three nodes behind nginx) and "sides" (command and query sides apart behind nginx) must be valid
 * compose, each node with a name of its own.
 */
class DockerComposeTest {

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");

    @Test
    @SuppressWarnings("unchecked")
    void composeRequiresATokenSecret() throws Exception {
        Map<String, Object> compose;
        try (Reader in = Files.newBufferedReader(COMPOSE)) {
            compose = new Yaml().load(in);
        }
        var service = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("chat-sessions");
        var environment = (Map<String, Object>) service.get("environment");

        // ${VAR:?message}: compose refuses to start when VAR is unset or empty, printing the message.
        assertThat(String.valueOf(environment.get("CHAT_SECURITY_JWT_HMAC_SECRET")))
                .startsWith("${CHAT_SECURITY_JWT_HMAC_SECRET:?")
                .contains("at least 32 bytes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyNodeOfTheProfilesHasANameOfItsOwnTheSecretAndTheDatabase() throws Exception {
        Map<String, Object> services;
        try (Reader in = Files.newBufferedReader(COMPOSE)) {
            services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(in)).get("services");
        }
        List<String> names = new ArrayList<>();
        for (String node : List.of("node-1", "node-2", "node-3", "command-1", "command-2", "query-1", "query-2")) {
            var service = (Map<String, Object>) services.get(node);
            assertThat(service).as(node).isNotNull();
            var environment = (Map<String, Object>) service.get("environment");
            assertThat(String.valueOf(environment.get("CHAT_SECURITY_JWT_HMAC_SECRET")))
                    .as(node)
                    .startsWith("${CHAT_SECURITY_JWT_HMAC_SECRET:?");
            assertThat(String.valueOf(environment.get("SPRING_DATASOURCE_URL")))
                    .as(node)
                    .isEqualTo("jdbc:postgresql://postgres:5432/chat");
            names.add(String.valueOf(environment.get("CHAT_NODE_NAME")));
        }
        assertThat(names).doesNotHaveDuplicates().doesNotContain("null");
        assertThat(String.valueOf(((Map<String, Object>) services.get("command-1")).get("entrypoint")))
                .contains("-Dloader.main=dev.chatsessions.command.CommandSideApplication", "PropertiesLauncher");
        assertThat(String.valueOf(((Map<String, Object>) services.get("query-1")).get("entrypoint")))
                .contains("-Dloader.main=dev.chatsessions.query.QuerySideApplication", "PropertiesLauncher");
        assertThat(Path.of("..", "deploy", "nginx", "nginx.conf")).isRegularFile();
        assertThat(Path.of("..", "deploy", "nginx", "sides.conf")).isRegularFile();
    }

    /** Debian's docker-compose (where installed) accepts the file and each profile, and refuses it without a secret. */
    @Test
    void theComposeFileAndEachProfileValidateWithDockerCompose() throws Exception {
        assumeTrue(Files.isExecutable(DOCKER_COMPOSE), "docker-compose is not installed");
        for (List<String> profile :
                List.of(List.<String>of(), List.of("--profile", "nodes"), List.of("--profile", "sides"))) {
            assertThat(composeConfig(profile, "a-secret-of-at-least-32-bytes-for-compose-config"))
                    .as("docker-compose %s config", profile)
                    .startsWith("0:");
            String refused = composeConfig(profile, null);
            assertThat(refused)
                    .as("docker-compose %s config without the secret", profile)
                    .doesNotStartWith("0:")
                    .contains("CHAT_SECURITY_JWT_HMAC_SECRET");
        }
    }

    /** {@code docker-compose [profile] config -q}: its exit code, a colon, and what it printed. */
    private static String composeConfig(List<String> profile, String secret) throws Exception {
        List<String> command = new ArrayList<>(List.of(DOCKER_COMPOSE.toString(), "-f", COMPOSE.toString()));
        command.addAll(profile);
        command.addAll(List.of("config", "-q"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("CHAT_SECURITY_JWT_HMAC_SECRET");
        if (secret != null) {
            builder.environment().put("CHAT_SECURITY_JWT_HMAC_SECRET", secret);
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docker-compose config did not end within 60 s");
        }
        return process.exitValue() + ":" + new String(output, StandardCharsets.UTF_8);
    }
}
