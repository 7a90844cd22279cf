package dev.chatsessions.query.config;

import dev.chatsessions.query.projection.InlineProjections;
import dev.chatsessions.query.projection.ProjectionWrites;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;

/**
 * The subscribing processors of the projections folded inline ({@link InlineProjections}), beside their tracking
 * processors: each folds, in the appending command's unit of work and transaction, the events marked for it. An event
 * it cannot fold parks in the projection's dead-letter queue, in that transaction: its writes run at once, the one
 * refused undone alone ({@link ProjectionWrites}), and the command commits. Whether a session already has
 * events parked is remembered as the tracking processors remember it, and forgotten whenever the projections folding
 * inline change: the tracking processor parks events only while a projection does not fold inline.
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
    private final int deadLetterCacheSize;
    private final List<SubscribingEventProcessor> processors = new ArrayList<>();
    private boolean running;

    InlineProcessors(
            ApplicationContext context,
            InlineProjections inline,
            @Value("${chat.projections.dead-letter-cache-size}") int deadLetterCacheSize) {
        this.context = context;
        this.inline = inline;
        this.deadLetterCacheSize = deadLetterCacheSize;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (inline.configured().isEmpty() || !processors.isEmpty()) {
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
            var invoker = new ForgettingInvoker(() -> DeadLetteringEventHandlerInvoker.builder()
                    .eventHandlers(new AnnotationEventHandlerAdapter(
                            projection, axon.parameterResolverFactory(), axon.handlerDefinition(projection.getClass())))
                    .queue(axon.eventProcessingConfiguration()
                            .deadLetterQueue(name)
                            .orElseThrow())
                    .enqueuePolicy(axon.eventProcessingConfiguration()
                            .deadLetterPolicy(name)
                            .orElseThrow())
                    .transactionManager(transactionManager)
                    .allowReset(false)
                    .enableSequenceIdentifierCache()
                    .sequenceIdentifierCacheSize(deadLetterCacheSize)
                    .build());
            inline.onChange(invoker::forget);
            var processor = SubscribingEventProcessor.builder()
                    .name(name + "-inline")
                    .messageSource(eventStore)
                    .eventHandlerInvoker(invoker)
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
        eventStore.registerDispatchInterceptor(inline.marks());
    }

    /**
     * Leaves the processors subscribed: a command still committing (a reply saved while the node stops) may have
     * marked its events for them, and they go when Axon goes.
     */
    @Override
    public synchronized void stop() {
        running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SpringAxonConfiguration.LIFECYCLE_PHASE + 1;
    }

    /** A dead-lettering invoker made anew, with nothing remembered of the queue, when told to forget. */
    private static final class ForgettingInvoker implements EventHandlerInvoker {

        private final Supplier<EventHandlerInvoker> fresh;
        private volatile EventHandlerInvoker current;

        ForgettingInvoker(Supplier<EventHandlerInvoker> fresh) {
            this.fresh = fresh;
            this.current = fresh.get();
        }

        void forget() {
            current = fresh.get();
        }

        @Override
        public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
            return current.canHandle(eventMessage, segment);
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            return current.canHandleType(payloadType);
        }

        @Override
        public void handle(EventMessage<?> message, Segment segment) throws Exception {
            current.handle(message, segment);
        }

        @Override
        public boolean supportsReset() {
            return false;
        }
    }
}
