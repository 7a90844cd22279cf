package dev.chatsessions.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/** The one-process server: write side, read side, embedded PostgreSQL by default, operations endpoints. */
// The security module and the event store configure themselves (auto-configuration), as they do for each side alone.
@SpringBootApplication(
        scanBasePackages = {"dev.chatsessions.app", "dev.chatsessions.command", "dev.chatsessions.query"})
@PropertySource("classpath:both-sides.properties")
public class ChatSessionsApplication {

    public static void main(String[] args) {
        // Axon reports usage to its vendor unless told otherwise; a self-hosted service should not call out.
        System.setProperty(
                "axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(ChatSessionsApplication.class, args);
    }
}
