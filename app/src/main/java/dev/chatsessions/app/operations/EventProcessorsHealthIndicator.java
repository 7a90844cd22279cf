package dev.chatsessions.app.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code eventProcessors}: each projection's processor, whether it runs, the
 * position it has reached and whether it is replaying. Down when one has stopped or is stuck in error, since its
 * read model then no longer follows the event store.
 */
@Component("eventProcessors")
class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration eventProcessing;

    EventProcessorsHealthIndicator(EventProcessingConfiguration eventProcessing) {
        this.eventProcessing = eventProcessing;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean healthy = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (StreamingEventProcessor processor : eventProcessing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .toList()) {
            Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
            boolean inError =
                    processor.isError() || segments.values().stream().anyMatch(EventTrackerStatus::isErrorState);
            healthy &= processor.isRunning() && !inError;
            details.put(
                    processor.getName(),
                    Map.of(
                            "running", processor.isRunning(),
                            "error", inError,
                            "replaying", segments.values().stream().anyMatch(EventTrackerStatus::isReplaying),
                            "position",
                                    segments.values().stream()
                                            .map(s -> s.getCurrentPosition().orElse(-1))
                                            .min(Long::compare)
                                            .orElse(-1L)));
        }
        (healthy ? builder.up() : builder.down()).withDetails(details);
    }
}
