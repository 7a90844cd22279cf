package dev.chatsessions.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

/** What every deployable needs of the event store: its schema and names, and the erasing event serializer. */
@AutoConfiguration(before = {JdbcAutoConfiguration.class, AxonAutoConfiguration.class})
public class EventStoreAutoConfiguration {

    private static final String UNIQUE_VIOLATION = "23505";

    @Bean
    EventSchema eventSchema() {
        return EventStoreSchema.names();
    }

    /**
     * PostgreSQL's unique_violation on an append: another process appended the aggregate's next event first (a
     * conflict, which the command gateway retries), or a new aggregate's id is taken. Axon's default resolver for the
     * JDBC engine looks for a JDBC exception class the PostgreSQL driver never throws, and reported both as failures.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    @Bean(initMethod = "migrate")
    Flyway eventStoreSchema(DataSource dataSource) {
        return EventStoreSchema.migrations(dataSource);
    }

    /** Registered with the event store's upcaster chain by Axon, for whichever side reads the events. */
    @Bean
    MessagePostedUpcaster messagePostedUpcaster() {
        return new MessagePostedUpcaster();
    }

    @Bean
    SessionKeys sessionKeys(JdbcClient jdbc) {
        return new SessionKeys(jdbc);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectMapper objectMapper, RevisionResolver revisionResolver, SessionKeys sessionKeys) {
        var jackson = JacksonSerializer.builder()
                                       .revisionResolver(revisionResolver)
                                       .objectMapper(objectMapper)
                                       .build();
        return new ErasingSerializer(jackson, sessionKeys);
    }
}
