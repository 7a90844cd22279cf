package dev.chatsessions.query.config;

import dev.chatsessions.query.projection.InlineProjections;
import dev.chatsessions.query.projection.ProjectionTransactions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The same processor settings for every projection of the read side, in one place instead of repeated per
 * processing group in properties: a tracking processor (it wakes as soon as an event is committed in this process)
 * of one segment at first, which {@code ProjectionClaims} splits as nodes join and merges as they leave; threads for
 * {@code chat.projections.max-segments} segments (idle ones only try to claim now and then), so that one node alone
 * can fold them all; {@code chat.projections.batch-size} events a transaction, committed without waiting for the disk
 * ({@link ProjectionTransactions}); a dead-letter queue with its cache of sessions known to have nothing parked; and
 * it passes over the events folded inline ({@link InlineProjections}), except in a replay. A
 * database may hold more segments than that (split by a node with another setting): each node then has a thread for
 * every stored segment.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionProcessors {

    /**
     * How often an idle thread of a processor tries to claim a segment no node holds: a segment handed to another node
     * goes unfolded until then, and reads waiting on it wait that long (Axon's default is 5 s).
     */
    static final long CLAIM_INTERVAL_MILLIS = 1_000;

    @Bean
    ConfigurerModule projectionProcessorSettings(
            ListableBeanFactory beans,
            @Value("${chat.projections.max-segments}") int maxSegments,
            @Value("${chat.projections.batch-size}") int batchSize,
            @Value("${chat.projections.dead-letter-cache-size}") int deadLetterCacheSize,
            JdbcClient jdbc,
            JdbcTemplate jdbcTemplate,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            DeadLetterSchema deadLetterSchema,
            Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer) {
        return configurer -> {
            var eventProcessing = configurer.eventProcessing();
            for (String projection : projections(beans)) {
                eventProcessing
                        .registerTrackingEventProcessor(projection)
                        .registerTrackingEventProcessorConfiguration(
                                projection,
                                config -> TrackingEventProcessorConfiguration.forParallelProcessing(
                                                Math.max(maxSegments, storedSegments(jdbc, projection)))
                                        .andInitialSegmentsCount(1)
                                        .andBatchSize(batchSize)
                                        .andTokenClaimInterval(CLAIM_INTERVAL_MILLIS, TimeUnit.MILLISECONDS))
                        .registerHandlerInterceptor(
                                projection,
                                config -> (unitOfWork, chain) ->
                                        InlineProjections.passedOver(unitOfWork, projection) ? null : chain.proceed())
                        .registerTransactionManager(
                                projection, config -> new ProjectionTransactions(transactionManager, jdbcTemplate))
                        .registerDeadLetterQueue(
                                projection,
                                config -> JdbcSequencedDeadLetterQueue.builder()
                                        .processingGroup(projection)
                                        .connectionProvider(connectionProvider)
                                        .transactionManager(transactionManager)
                                        .schema(deadLetterSchema)
                                        .genericSerializer(serializer)
                                        .eventSerializer(eventSerializer)
                                        .build())
                        .registerDeadLetteringEventHandlerInvokerConfiguration(
                                projection,
                                (config, invoker) -> invoker.enableSequenceIdentifierCache()
                                        .sequenceIdentifierCacheSize(deadLetterCacheSize));
            }
        };
    }

    /** How many segments the token store holds for {@code projection}; 0 before its first start. */
    private static int storedSegments(JdbcClient jdbc, String projection) {
        try {
            return jdbc.sql("select count(*) from token_entry where processor_name = ?")
                    .param(projection)
                    .query(Integer.class)
                    .single();
        } catch (DataAccessException noTokensYet) {
            return 0;
        }
    }

    /** The processing groups of the read side's projections, found without creating their beans. */
    static List<String> projections(ListableBeanFactory beans) {
        return Arrays.stream(beans.getBeanNamesForAnnotation(ProcessingGroup.class))
                .map(beans::getType)
                .filter(type -> type != null && type.getPackageName().startsWith("dev.chatsessions.query"))
                .map(type -> AnnotationUtils.findAnnotation(type, ProcessingGroup.class)
                        .value())
                .distinct()
                .toList();
    }
}
