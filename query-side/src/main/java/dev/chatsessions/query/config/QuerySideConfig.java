package dev.chatsessions.query.config;

import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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

    /** The event store's names as the write side's migrations create them; declared here too for a lone read side. */
    @Bean
    @ConditionalOnMissingBean
    EventSchema querySideEventSchema() {
        return EventSchema.builder()
                          .eventTable("domain_event_entry")
                          .snapshotTable("snapshot_event_entry")
                          .globalIndexColumn("global_index")
                          .eventIdentifierColumn("event_identifier")
                          .aggregateIdentifierColumn("aggregate_identifier")
                          .sequenceNumberColumn("sequence_number")
                          .typeColumn("type")
                          .timestampColumn("time_stamp")
                          .payloadTypeColumn("payload_type")
                          .payloadRevisionColumn("payload_revision")
                          .payloadColumn("payload")
                          .metaDataColumn("meta_data")
                          .build();
    }

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
