package dev.chatsessions.app;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells whoever started the service where its data lives and which address to open. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final Environment environment;

    StartupReport(Environment environment) {
        this.environment = environment;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String externalDb = environment.getProperty("spring.datasource.url", "");
        String data = externalDb.isEmpty()
                ? "embedded PostgreSQL, data in "
                        + Path.of(environment.getProperty("chat.data-dir", "./data"))
                                .toAbsolutePath()
                                .normalize()
                : "PostgreSQL at " + externalDb;
        log.info("chat-sessions is ready: open http://localhost:{}/swagger-ui.html ({})", port, data);
    }
}
