package dev.chatsessions.bench.jpacrud;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The jpa-crud peer: {@code POST /api/chat-messages} as a team would hand-roll it with Spring Data JPA, no events.
 * Runs as its own JVM, started by the benchmark ({@code java -jar chat-sessions-bench.jar jpa-crud-server ...}).
 */
@SpringBootApplication
public class JpaCrudApp {

    public static void main(String[] args) {
        var app = new SpringApplication(JpaCrudApp.class);
        app.setDefaultProperties(Map.of(
                "spring.jpa.hibernate.ddl-auto", "create",
                "spring.jpa.open-in-view", "false",
                "spring.datasource.hikari.maximum-pool-size", "8",
                "spring.threads.virtual.enabled", "false",
                "spring.main.banner-mode", "off"));
        app.run(args);
    }
}
