package dev.chatsessions.command.config;

import dev.chatsessions.eventstore.ModuleMigrations;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommandSideSchema {

    /** The write side's own tables (client requests, replies in progress), with a Flyway history of their own. */
    @Bean(initMethod = "migrate")
    Flyway commandSideMigrations(DataSource dataSource) {
        return ModuleMigrations.of(dataSource, "db/migration/command", "flyway_history_command");
    }
}
