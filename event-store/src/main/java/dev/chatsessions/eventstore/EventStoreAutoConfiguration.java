package dev.chatsessions.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

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
    static NodeConnections nodeConnections(Environment environment) {
        return new NodeConnections(
                environment.getProperty(
                        "chat.node-name",
                        "chat-sessions-" + UUID.randomUUID().toString().substring(0, 8)),
                DurationStyle.detectAndParse(environment.getProperty("chat.database.statement-timeout", "30s")),
                DurationStyle.detectAndParse(
                        environment.getProperty("chat.database.idle-in-transaction-timeout", "20s")));
    }

    @Bean
    NodeNotifications nodeNotifications(NodeConnections connections, DataSource dataSource) throws SQLException {
        return new NodeNotifications(connections, dataSource.unwrap(HikariDataSource.class));
    }

    /** A session's key destroyed on another node is forgotten here too, so that no node decrypts its text again. */
    @Bean
    SessionKeys sessionKeys(JdbcClient jdbc, NodeNotifications notifications) {
        SessionKeys keys = new SessionKeys(jdbc);
        notifications.subscribe(NodeNotifications.DESTROYED_KEYS, session -> keys.forget(UUID.fromString(session)));
        notifications.onReconnect(keys::forgetAll);
        return keys;
    }

    /**
     * Axon's JDBC engine as its auto-configuration builds it (which it leaves out beside an event store of ours), but
     * with snapshots serialized by an erasing serializer: Axon's would use the general serializer, leaving user text
     * in snapshots in plain text. Which snapshot fields hold user text, the sides declare ({@link SnapshotUserText}).
     */
    @Bean
    StoredSessionErasure storedSessionErasure(SessionKeys sessionKeys, JdbcClient jdbc) {
        return new StoredSessionErasure(sessionKeys, jdbc);
    }

    @Bean
    EventStorageEngine eventStorageEngine(
            @Qualifier("eventSerializer") Serializer eventSerializer,
            Serializer defaultSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            org.axonframework.config.Configuration configuration,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema eventSchema,
            SessionKeys sessionKeys,
            ObjectProvider<SnapshotUserText> snapshotUserText) {
        Map<String, List<String>> userText = snapshotUserText
                .orderedStream()
                .collect(Collectors.toMap(text -> text.aggregateType().getName(), SnapshotUserText::fields));
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(ErasingSerializer.forSnapshots(defaultSerializer, sessionKeys, userText))
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .build();
    }

    /**
     * Axon's event store, whose processors look for new events as soon as another node commits some, instead of at
     * their next poll ({@code chat.event-store.poll-interval}), which stays should a notification be lost.
     */
    @Bean
    NotifiedEventStore eventStore(
            EventStorageEngine storageEngine,
            org.axonframework.config.Configuration axon,
            NodeNotifications notifications,
            Environment environment) {
        Duration pollInterval =
                DurationStyle.detectAndParse(environment.getProperty("chat.event-store.poll-interval", "1s"));
        var eventStore = new NotifiedEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .fetchDelay(pollInterval.toMillis())
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class)));
        notifications.subscribe(NodeNotifications.EVENTS, aggregate -> eventStore.newEventsElsewhere());
        notifications.onReconnect(eventStore::newEventsElsewhere);
        return eventStore;
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectMapper objectMapper, RevisionResolver revisionResolver, SessionKeys sessionKeys) {
        var jackson = JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .objectMapper(objectMapper)
                .build();
        return ErasingSerializer.forEvents(jackson, sessionKeys);
    }
}
