package dev.chatsessions.query.config;

import dev.chatsessions.query.projection.InlineProjections;
import dev.chatsessions.query.projection.ProjectionWrites;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;

/**
 * The subscribing processors of the projections folded inline ({@link InlineProjections}), beside their tracking
 * processors: each folds, in the appending command's unit of work and transaction, the events marked for it. An event
 * it cannot fold parks in the projection's dead-letter queue, in that transaction: its writes run at once under a
 * savepoint ({@link ProjectionWrites}), undone on failure, and the command commits. Whether a session already has
 * events parked is asked of the queue each time, not of a cache: the tracking processor may park them meanwhile.
 * <p>
 * Subscribed after Axon's processors and before the web server takes requests. After: the write side's own
 * in-transaction processors run first in a command's transaction, so a deletion has released its session's parked
 * events (erasure) before the projections fold it. Before: no command may commit an event marked for a processor not
 * yet listening.
 */
@Component
class InlineProcessors implements SmartLifecycle {

    private final ApplicationContext context;
    private final InlineProjections inline;
    private final List<SubscribingEventProcessor> processors = new ArrayList<>();
    private Registration marks;

    InlineProcessors(ApplicationContext context, InlineProjections inline) {
        this.context = context;
        this.inline = inline;
    }

    @Override
    public synchronized void start() {
        if (inline.configured().isEmpty()) {
            return;
        }
        Configuration axon = context.getBean(Configuration.class);
        EventStore eventStore = axon.eventStore();
        TransactionManager transactionManager = axon.getComponent(TransactionManager.class);
        for (Object projection :
                context.getBeansWithAnnotation(ProcessingGroup.class).values()) {
            String name = AnnotationUtils.findAnnotation(projection.getClass(), ProcessingGroup.class)
                    .value();
            if (!inline.configured().contains(name)) {
                continue;
            }
            var processor = SubscribingEventProcessor.builder()
                    .name(name + "-inline")
                    .messageSource(eventStore)
                    .eventHandlerInvoker(DeadLetteringEventHandlerInvoker.builder()
                            .eventHandlers(new AnnotationEventHandlerAdapter(
                                    projection,
                                    axon.parameterResolverFactory(),
                                    axon.handlerDefinition(projection.getClass())))
                            .queue(axon.eventProcessingConfiguration()
                                    .deadLetterQueue(name)
                                    .orElseThrow())
                            .enqueuePolicy(axon.eventProcessingConfiguration()
                                    .deadLetterPolicy(name)
                                    .orElseThrow())
                            .transactionManager(transactionManager)
                            .allowReset(false)
                            .build())
                    .build();
            processor.registerHandlerInterceptor((unitOfWork, chain) -> {
                if (!InlineProjections.foldedInline(unitOfWork.getMessage(), name)) {
                    return null;
                }
                unitOfWork.resources().put(ProjectionWrites.AT_ONCE, Boolean.TRUE);
                return chain.proceed();
            });
            processor.start();
            processors.add(processor);
        }
        marks = eventStore.registerDispatchInterceptor(inline.marks());
    }

    @Override
    public synchronized void stop() {
        if (marks != null) {
            marks.cancel();
            marks = null;
        }
        processors.forEach(SubscribingEventProcessor::shutDown);
        processors.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !processors.isEmpty();
    }

    @Override
    public int getPhase() {
        return SpringAxonConfiguration.LIFECYCLE_PHASE + 1;
    }
}
