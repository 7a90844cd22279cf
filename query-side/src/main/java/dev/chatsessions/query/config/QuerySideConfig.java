package dev.chatsessions.query.config;

import dev.chatsessions.eventstore.ModuleMigrations;
import dev.chatsessions.eventstore.NodeConnections;
import dev.chatsessions.query.projection.ProjectionCommits;
import dev.chatsessions.query.projection.ProjectionWrites;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * The read side's tables (projections and their tokens), owned by this side's Flyway migrations with a history
 * table of their own, so either side can migrate without the other.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource({"classpath:shared-side.properties", "classpath:query-side.properties"})
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

    /**
     * Axon's JDBC token store, whose claims name this node as its database connections do. By default they name the
     * JVM, and two nodes in one JVM (as tests run them) would both hold every segment.
     */
    @Bean
    TokenStore tokenStore(
            ConnectionProvider connectionProvider,
            Serializer serializer,
            TokenSchema tokenSchema,
            TokenStoreProperties properties,
            NodeConnections node) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(tokenSchema)
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout())
                .nodeId(node.nodeName())
                .build();
    }

    /**
     * Axon's default query bus, minus the transaction it opens around every query handler: a query here first waits
     * for its projection to catch up (read-your-writes), and a transaction would hold a pooled connection through
     * that wait, the connection the projection needs to catch up. Without it, each statement borrows one briefly.
     */
    @Bean
    SimpleQueryBus queryBus(org.axonframework.config.Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .errorHandler(axon.getComponent(
                        QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }

    /**
     * Tells the projections' writes which processor folds a batch, and wakes the reads waiting for a projection as
     * soon as its processor here commits one.
     */
    @Bean
    ConfigurerModule announceProjectionCommits(ProjectionCommits commits) {
        return configurer -> configurer
                .eventProcessing()
                .registerDefaultHandlerInterceptor((config, processorName) -> (unitOfWork, chain) -> {
                    UnitOfWork<?> batch = unitOfWork.root();
                    batch.getOrComputeResource(ProjectionWrites.PROCESSOR, key -> {
                        batch.afterCommit(committed -> commits.committed(processorName));
                        return processorName;
                    });
                    return chain.proceed();
                });
    }

    @Bean(initMethod = "migrate")
    Flyway querySideSchema(DataSource dataSource) {
        return ModuleMigrations.of(dataSource, "db/migration/query", "flyway_history_query");
    }
}
