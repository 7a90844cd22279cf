package dev.chatsessions.command.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:command-side.properties")
public class CommandSideConfig {

    /** Sessions grow by an event a message: they load from a snapshot taken every {@code threshold} events. */
    @Bean
    SnapshotTriggerDefinition chatSessionSnapshotTrigger(Snapshotter snapshotter,
                                                         @Value("${chat.snapshot.threshold:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /** Keeps recently used sessions loaded; a stale entry (another process appended) fails and is retried. */
    @Bean
    Cache chatSessionCache() {
        return new WeakReferenceCache();
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder()
                                    .commandBus(commandBus)
                                    .retryScheduler(new ConflictRetryScheduler())
                                    .build();
    }

    // Interceptor beans (ClientRequestClaims, AuditMetadata) are registered by Axon's InterceptorAutoConfiguration;
    // registering them here as well ran them twice, and a second claim took the first for an earlier request.
}
