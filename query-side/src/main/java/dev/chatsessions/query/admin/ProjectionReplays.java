package dev.chatsessions.query.admin;

import dev.chatsessions.eventstore.DaemonThreads;
import dev.chatsessions.eventstore.NodeNotifications;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Replays a projection while several nodes run it. A replay resets the processor's tokens, which only works while no
 * node holds any of its segments: the node asked tells the others to pause that processor (they stop it, releasing
 * their claims), resets the tokens as soon as it can claim them all, starts its own again and tells the others to
 * resume. A node that paused and heard no resume starts its processor again by itself after {@link #PAUSE_LIMIT}.
 */
@Component
class ProjectionReplays {

    static final String CHANNEL = "chat_replays";
    private static final Duration CLAIM_WAIT = Duration.ofSeconds(30);
    private static final Duration PAUSE_LIMIT = CLAIM_WAIT.multipliedBy(2);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);

    private final EventProcessingConfiguration eventProcessing;
    private final NodeNotifications otherNodes;
    /** The processors paused here for a replay elsewhere, each with the number of its latest pause. */
    private final Map<String, Long> paused = new ConcurrentHashMap<>();

    private final AtomicLong pauses = new AtomicLong();
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("projection-replays-"));

    ProjectionReplays(EventProcessingConfiguration eventProcessing, NodeNotifications otherNodes) {
        this.eventProcessing = eventProcessing;
        this.otherNodes = otherNodes;
        otherNodes.subscribe(CHANNEL, this::heard);
        otherNodes.onReconnect(
                () -> worker.execute(() -> Set.copyOf(paused.keySet()).forEach(this::resume)));
    }

    Optional<StreamingEventProcessor> processor(String name) {
        return eventProcessing.eventProcessor(name, StreamingEventProcessor.class);
    }

    /**
     * Resets the processor's tokens, so that it rebuilds its tables from the first event.
     *
     * @throws UnableToClaimTokenException when some segment stayed claimed (by a node that does not take part)
     */
    void replay(StreamingEventProcessor processor) {
        otherNodes.tell(CHANNEL, "pause " + processor.getName());
        processor.shutDown();
        try {
            resetWhenAllSegmentsAreFree(processor);
        } finally {
            processor.start();
            otherNodes.tell(CHANNEL, "resume " + processor.getName());
        }
    }

    private static void resetWhenAllSegmentsAreFree(StreamingEventProcessor processor) {
        long deadline = System.nanoTime() + CLAIM_WAIT.toNanos();
        while (true) {
            try {
                processor.resetTokens();
                return;
            } catch (UnableToClaimTokenException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void heard(String message) {
        String[] parts = message.split(" ", 2);
        if (parts.length < 2) {
            return;
        }
        String name = parts[1];
        switch (parts[0]) {
            case "pause" -> worker.execute(() -> pause(name));
            case "resume" -> worker.execute(() -> resume(name));
            default -> log.warn("Unknown replay message {}", message);
        }
    }

    private void pause(String name) {
        processor(name).ifPresent(processor -> {
            long pause = pauses.incrementAndGet();
            paused.put(name, pause);
            processor.shutDown();
            // only this pause's own limit: a later pause has a limit of its own
            worker.schedule(
                    () -> {
                        if (paused.remove(name, pause)) {
                            processor.start();
                        }
                    },
                    PAUSE_LIMIT.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    private void resume(String name) {
        if (paused.remove(name) != null) {
            processor(name).ifPresent(StreamingEventProcessor::start);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
