package dev.chatsessions.query.config;

import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

import javax.sql.DataSource;

/**
 * The read side's tables (projections and their tokens), owned by this side's Flyway migrations with a history
 * table of their own, so either side can migrate without the other.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:query-side.properties")
public class QuerySideConfig {

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                          .setTokenTable("token_entry")
                          .setProcessorNameColumn("processor_name")
                          .setSegmentColumn("segment")
                          .setTokenColumn("token")
                          .setTokenTypeColumn("token_type")
                          .setTimestampColumn("timestamp")
                          .setOwnerColumn("owner")
                          .build();
    }

    @Bean(initMethod = "migrate")
    Flyway querySideSchema(DataSource dataSource) {
        return Flyway.configure()
                     .dataSource(dataSource)
                     .locations("classpath:db/migration/query")
                     .table("flyway_history_query")
                     .baselineOnMigrate(true)
                     .baselineVersion("0")
                     .load();
    }
}
