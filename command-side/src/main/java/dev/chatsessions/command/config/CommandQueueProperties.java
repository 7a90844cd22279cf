package dev.chatsessions.command.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.commands.*}: how clients' commands queue on one aggregate (a session, a project).
 *
 * @param perSessionLimit commands in flight at once on one aggregate; more wait for their turn without a connection
 * @param perSessionWait  how long a command waits for its turn before it is refused with 429
 */
@ConfigurationProperties("chat.commands")
public record CommandQueueProperties(
        @DefaultValue("4") int perSessionLimit,
        @DefaultValue("5s") Duration perSessionWait) {}
