package dev.chatsessions.eventstore;

import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.flywaydb.core.Flyway;

/**
 * The event store's tables, owned by this module's Flyway migrations (history table
 * {@code flyway_history_event_store}), with snake_case names that Axon's JDBC engine is told about here.
 */
public final class EventStoreSchema {

    private EventStoreSchema() {}

    /** The snake_case table and column names the migrations create. */
    public static EventSchema names() {
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

    public static Flyway migrations(DataSource dataSource) {
        return ModuleMigrations.of(dataSource, "db/migration/eventstore", "flyway_history_event_store");
    }
}
