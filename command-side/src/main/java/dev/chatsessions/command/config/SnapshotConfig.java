package dev.chatsessions.command.config;

import dev.chatsessions.command.session.ChatSession;
import dev.chatsessions.eventstore.DaemonThreads;
import dev.chatsessions.eventstore.SnapshotUserText;
import java.util.List;
import java.util.concurrent.Executors;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.annotation.Bean;

/**
 * Snapshots are taken on a thread of their own after the command commits. Taken on the command's thread (Axon's
 * default), the snapshot asks for a second connection while the command still holds its first, and with every
 * pooled connection held by commands queued behind that session's lock, nothing moves until the pool times out.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class SnapshotConfig {

    /** A session's name is user text: its snapshots keep it encrypted with the session's key, like its events. */
    @Bean
    SnapshotUserText chatSessionSnapshotUserText() {
        return new SnapshotUserText(ChatSession.class, List.of("/name"));
    }

    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(
            Configuration configuration,
            HandlerDefinition handlerDefinition,
            ParameterResolverFactory parameterResolverFactory,
            EventStore eventStore,
            TransactionManager transactionManager,
            SnapshotterSpanFactory spanFactory) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(Executors.newSingleThreadExecutor(DaemonThreads.named("snapshotter-")))
                .build();
    }
}
