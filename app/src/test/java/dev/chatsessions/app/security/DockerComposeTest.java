package dev.chatsessions.app.security;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml publishes the port, so it must not start without token settings (local mode is refused). */
class DockerComposeTest {

    @Test
    @SuppressWarnings("unchecked")
    void composeRequiresATokenSecret() throws Exception {
        Map<String, Object> compose;
        try (Reader in = Files.newBufferedReader(Path.of("..", "docker-compose.yml"))) {
            compose = new Yaml().load(in);
        }
        var service = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("chat-sessions");
        var environment = (Map<String, Object>) service.get("environment");

        // ${VAR:?message}: compose refuses to start when VAR is unset or empty, printing the message.
        assertThat(String.valueOf(environment.get("CHAT_SECURITY_JWT_HMAC_SECRET")))
                .startsWith("${CHAT_SECURITY_JWT_HMAC_SECRET:?")
                .contains("at least 32 bytes");
    }
}
