package dev.chatsessions.app.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.api.PostMessage;
import dev.chatsessions.api.PostedMessage;
import dev.chatsessions.api.RenameSession;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.ResourceNotFound;
import dev.chatsessions.command.session.ChatSession;
import dev.chatsessions.command.session.PostedMessages;
import dev.chatsessions.command.session.StoredMessages;
import dev.chatsessions.eventstore.ErasingSerializer;
import dev.chatsessions.eventstore.EventStoreSchema;
import dev.chatsessions.eventstore.SessionKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A snapshot taken for real: Axon's JDBC storage engine on PostgreSQL with the event store's own Flyway schema,
 * events and snapshots serialized by the erasing serializers (the session's name encrypted in its snapshot) over
 * JacksonSerializer on the ObjectMapper Spring Boot builds with this application's {@code spring.jackson.*} settings. No Spring context: the pieces are wired as Axon's auto-configuration wires them.
 */
class ChatSessionSnapshotIntegrationTest {

    private static final int THRESHOLD = 3;
    private static final String OWNER = "alice";

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;
    private static TransactionManager transactions;
    private static EmbeddedEventStore eventStore;

    @BeforeAll
    static void eventStoreOnPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        DataSource dataSource = postgres.getPostgresDatabase();
        EventStoreSchema.migrations(dataSource).migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));

        var objectMapper = new AtomicReference<ObjectMapper>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withPropertyValues(
                        "spring.jackson.serialization.write-enums-using-to-string=true",
                        "spring.jackson.deserialization.read-enums-using-to-string=true",
                        "spring.jackson.default-property-inclusion=always")
                .run(context -> objectMapper.set(context.getBean(ObjectMapper.class)));
        var serializer =
                JacksonSerializer.builder().objectMapper(objectMapper.get()).build();
        var keys = new SessionKeys(jdbc);

        eventStore = EmbeddedEventStore.builder()
                .storageEngine(JdbcEventStorageEngine.builder()
                        .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                        .transactionManager(transactions)
                        .schema(EventStoreSchema.names())
                        .eventSerializer(ErasingSerializer.forEvents(serializer, keys))
                        .snapshotSerializer(ErasingSerializer.forSnapshots(
                                serializer, keys, Map.of(ChatSession.class.getName(), List.of("/name"))))
                        .build())
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        eventStore.shutDown();
        postgres.close();
    }

    /**
     * The aggregate as the application inspects it, with the resources its handlers take (Spring beans there; this
     * test forks nothing and gives no feedback, so the message lookups are stand-ins).
     */
    private static final ParameterResolverFactory RESOURCES = MultiParameterResolverFactory.ordered(
            ClasspathParameterResolverFactory.forClass(ChatSession.class),
            new SimpleResourceParameterResolverFactory(List.<Object>of(
                    (StoredMessages) (session, upToSeq) -> List.of(), Mockito.mock(PostedMessages.class))));

    private static final AggregateModel<ChatSession> MODEL =
            AnnotatedAggregateMetaModelFactory.inspectAggregate(ChatSession.class, RESOURCES);

    /** A command side of its own: a repository without cache, so that every command loads from the database. */
    private static CommandGateway commandSide(EventSourcingRepository<ChatSession> repository) {
        var commandBus =
                SimpleCommandBus.builder().transactionManager(transactions).build();
        AggregateAnnotationCommandHandler.<ChatSession>builder()
                .aggregateType(ChatSession.class)
                .aggregateModel(MODEL)
                .repository(repository)
                .build()
                .subscribe(commandBus);
        return DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    private static EventSourcingRepository<ChatSession> repository() {
        var snapshotter = AggregateSnapshotter.builder()
                .eventStore(eventStore)
                .aggregateFactories(new GenericAggregateFactory<>(MODEL))
                .parameterResolverFactory(RESOURCES)
                .transactionManager(transactions)
                .build();
        return EventSourcingRepository.builder(ChatSession.class)
                .aggregateModel(MODEL)
                .eventStore(eventStore)
                .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(snapshotter, THRESHOLD))
                .build();
    }

    @Test
    void loadsFromSnapshotWithEveryDecisionIntact() {
        UUID sessionId = UUID.randomUUID();
        var repository = repository();
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.executeWithResult(
                () -> repository.newInstance(() -> new ChatSession(sessionId, UUID.randomUUID(), OWNER, null)));
        CommandGateway commands = commandSide(repository);
        commands.sendAndWait(new PostMessage(sessionId, UUID.randomUUID(), OWNER, Role.ASSISTANT, "Hi!"));
        commands.sendAndWait(new PostMessage(sessionId, UUID.randomUUID(), OWNER, Role.USER, "Plan my trip"));
        PostedMessage third =
                commands.sendAndWait(new PostMessage(sessionId, UUID.randomUUID(), OWNER, Role.ASSISTANT, "Where to?"));

        // created, message, message + auto-name, message: past the threshold, so a snapshot was taken
        String snapshot = jdbc.sql("select convert_from(payload, 'UTF8') from snapshot_event_entry "
                        + "where aggregate_identifier = ?")
                .param(sessionId.toString())
                .query(String.class)
                .single();
        assertThat(snapshot).contains("\"name\":\"enc:v1:").doesNotContain("Plan my trip", "Where to?");

        // the events the snapshot covers are no longer needed: make them unreadable, then load afresh
        long covered = jdbc.sql("select sequence_number from snapshot_event_entry where aggregate_identifier = ?")
                .param(sessionId.toString())
                .query(Long.class)
                .single();
        jdbc.sql("update domain_event_entry set payload = convert_to('not json', 'UTF8') "
                        + "where aggregate_identifier = ? and sequence_number <= ?")
                .params(sessionId.toString(), covered)
                .update();
        CommandGateway restarted = commandSide(repository());

        // the name stays the auto-name (autoNameable survived), the count goes on without a gap
        PostedMessage fourth =
                restarted.sendAndWait(new PostMessage(sessionId, UUID.randomUUID(), OWNER, Role.USER, "To Lisbon"));
        assertThat(fourth.message().seq()).isEqualTo(4);
        assertThat(fourth.session().name()).isEqualTo("Plan my trip");
        assertThat(fourth.session().createdAt()).isEqualTo(third.session().createdAt());
        assertThat(fourth.session().projectId()).isEqualTo(third.session().projectId());

        // the owner survived too: anyone else is still refused
        assertThatThrownBy(() -> restarted.sendAndWait(new RenameSession(sessionId, "mallory", "Mine")))
                .isInstanceOf(ResourceNotFound.class);
        SessionView renamed = restarted.sendAndWait(new RenameSession(sessionId, OWNER, "Lisbon"));
        assertThat(renamed.name()).isEqualTo("Lisbon");
    }
}
