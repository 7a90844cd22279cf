package dev.chatsessions.app.support;

import dev.chatsessions.app.ChatSessionsApplication;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running server on a random port, with its embedded PostgreSQL on a fresh data directory. Every HTTP test
 * class extends this and nothing else, so they share one cached application context and PostgreSQL starts once.
 * Each test acts as a user of its own, so tests do not see each other's data.
 */
@SpringBootTest(classes = ChatSessionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HttpIntegrationTest {

    private static final Path DATA_DIR = DataDirs.fresh("shared");

    @LocalServerPort
    protected int port;

    /** A client acting as a user of this test's own. */
    protected Api api;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("chat.data-dir", DATA_DIR::toString);
    }

    @BeforeEach
    void newUser() {
        api = Api.at(port).asNewUser();
    }
}
