package dev.chatsessions.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The one-process server: write side, read side, embedded PostgreSQL by default, operations endpoints. */
@SpringBootApplication(scanBasePackages = "dev.chatsessions")
public class ChatSessionsApplication {

    public static void main(String[] args) {
        // Axon reports usage to its vendor unless told otherwise; a self-hosted service should not call out.
        System.setProperty("axoniq.update-checker.disabled",
                           System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(ChatSessionsApplication.class, args);
    }
}
