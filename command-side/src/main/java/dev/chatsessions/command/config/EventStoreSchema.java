package dev.chatsessions.command.config;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The event store's tables, owned by this side's Flyway migrations (history table {@code flyway_history_command}),
 * with snake_case names that Axon's JDBC engine is told about here.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreSchema {

    @Bean
    @ConditionalOnMissingBean
    EventSchema commandSideEventSchema() {
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

    @Bean(initMethod = "migrate")
    Flyway commandSideSchema(DataSource dataSource) {
        return Flyway.configure()
                     .dataSource(dataSource)
                     .locations("classpath:db/migration/command")
                     .table("flyway_history_command")
                     .baselineOnMigrate(true)
                     .baselineVersion("0")
                     .load();
    }
}
