package dev.chatsessions.command.config;

import dev.chatsessions.command.assistant.ReplyProgress;
import dev.chatsessions.command.erasure.SessionErasure;
import dev.chatsessions.command.importing.ImportedConversations;
import dev.chatsessions.command.session.MessageIds;
import dev.chatsessions.eventstore.NodeNotifications;
import java.util.List;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.PropertySource;

@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:shared-side.properties")
@EnableConfigurationProperties(CommandQueueProperties.class)
public class CommandSideConfig {

    /** Sessions grow by an event a message: they load from a snapshot taken every {@code threshold} events. */
    @Bean
    SnapshotTriggerDefinition chatSessionSnapshotTrigger(
            Snapshotter snapshotter, @Value("${chat.snapshot.threshold:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Keeps the most recently used sessions loaded, so that a post does not read a snapshot and the events after it.
     * Bounded and strongly held: weakly held ones were dropped at every young collection, which under load meant
     * nearly every post. A stale entry (another process appended) fails its append, is evicted and retried.
     */
    @Bean(destroyMethod = "close")
    CacheManager chatSessionCacheManager(@Value("${chat.session-cache.size:10000}") long size) {
        return CacheManagerBuilder.newCacheManagerBuilder()
                .withCache(
                        "chatSessions",
                        CacheConfigurationBuilder.newCacheConfigurationBuilder(
                                Object.class, Object.class, ResourcePoolsBuilder.heap(size)))
                .build(true);
    }

    /**
     * A session that got events on another node is dropped from the cache here at once (and every session whenever
     * notifications may have been missed), so that a cached session never decides on stale state, even where
     * deciding appends nothing (a false "reply in progress"). A stale append is still caught by its conflict.
     */
    @Bean
    Cache chatSessionCache(CacheManager chatSessionCacheManager, ObjectProvider<NodeNotifications> notifications) {
        var sessions = chatSessionCacheManager.getCache("chatSessions", Object.class, Object.class);
        var cache = new EhCache3Adapter((Ehcache<?, ?>) sessions);
        notifications.ifAvailable(other -> {
            other.subscribe(NodeNotifications.EVENTS, cache::remove);
            other.onReconnect(cache::removeAll);
        });
        return cache;
    }

    /**
     * The gateway of the service's own commands (saving a reply, closing an orphaned one): they are never refused,
     * and are already bounded by the replies allowed to run at once.
     */
    @Bean
    CommandGateway serviceCommandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConflictRetryScheduler())
                .build();
    }

    /**
     * The write side's own tables follow the events in the command's transaction: each group's processor is a
     * subscribing one (message ids and imported conversations' source ids are claimed, replies in progress recorded,
     * and a deleted session's text erased, in the transaction that appends the events), and a failure to write them
     * fails the command, instead of being logged while the events commit without them.
     */
    @Bean
    ConfigurerModule inTransactionHandlersFailTheirCommand() {
        return configurer -> {
            for (String group :
                    List.of(MessageIds.GROUP, ReplyProgress.GROUP, SessionErasure.GROUP, ImportedConversations.GROUP)) {
                configurer
                        .eventProcessing()
                        .registerSubscribingEventProcessor(group)
                        .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
            }
        };
    }

    /** The gateway of clients' commands: at most {@code per-session-limit} at once on one aggregate. */
    @Bean
    @Primary
    CommandGateway commandGateway(
            @Qualifier("serviceCommandGateway") CommandGateway serviceCommandGateway, CommandQueueProperties queues) {
        return new BoundedCommandGateway(
                serviceCommandGateway, new SessionCommandQueues(queues.perSessionLimit(), queues.perSessionWait()));
    }

    // Interceptor beans (ClientRequestClaims, AuditMetadata) are registered by Axon's InterceptorAutoConfiguration;
    // registering them here as well ran them twice, and a second claim took the first for an earlier request.
}
