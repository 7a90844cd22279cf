package dev.chatsessions.query.config;

import java.sql.SQLException;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.messaging.deadletter.Decisions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projections' dead-letter queue (Axon's JDBC one, given to every projection by ProjectionProcessors), in the table
 * the read side's migrations create.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfig {

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /**
     * Parks every failed event, with its cause reduced to the failure's type and SQLSTATE: a database's message can
     * quote the row it refused, and users' text must not outlive their session's deletion in a cause column.
     */
    @Bean
    ConfigurerModule deadLettersWithoutUserText() {
        return configurer -> configurer
                .eventProcessing()
                .registerDefaultDeadLetterPolicy(
                        config -> (letter, cause) -> Decisions.enqueue(new ProjectionFailed(describe(cause))));
    }

    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return cause.getClass().getSimpleName() + ": the database refused the write (SQLSTATE "
                        + sql.getSQLState() + ")";
            }
        }
        return cause.getClass().getName();
    }

    /** What a dead letter records of why its event could not be folded. */
    static final class ProjectionFailed extends RuntimeException {

        ProjectionFailed(String description) {
            super(description, null, false, false);
        }
    }
}
