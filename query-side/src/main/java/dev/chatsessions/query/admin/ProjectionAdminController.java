package dev.chatsessions.query.admin;

import dev.chatsessions.query.freshness.ProjectionTokens;
import dev.chatsessions.query.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Admin only (see the app's security): where each projection stands, and rebuilding one from the event store. */
@RestController
@RequestMapping("/api/admin/projections")
@Tag(name = "Admin")
class ProjectionAdminController {

    private final EventProcessingConfiguration eventProcessing;
    private final ProjectionTokens projectionTokens;

    ProjectionAdminController(EventProcessingConfiguration eventProcessing, ProjectionTokens projectionTokens) {
        this.eventProcessing = eventProcessing;
        this.projectionTokens = projectionTokens;
    }

    @GetMapping
    @Operation(summary = "Each projection: name, position, lag in events, whether it is replaying")
    List<ProjectionStatus> list() {
        long head = projectionTokens.head();
        return eventProcessing.eventProcessors().keySet().stream().sorted().map(name -> {
            List<TrackingToken> tokens = projectionTokens.of(name);
            long stored = tokens.stream().mapToLong(t -> t == null ? 0 : t.position().orElse(0)).min().orElse(0);
            long position = Math.max(stored, positionHere(name));
            boolean replaying = tokens.stream().anyMatch(ReplayToken::isReplay);
            return new ProjectionStatus(name, position, Math.max(0, head - position), replaying);
        }).toList();
    }

    /**
     * The stored token moves only with events the projection folds; a processor running in this process knows it
     * has also passed the others.
     */
    private long positionHere(String name) {
        return eventProcessing.eventProcessor(name, StreamingEventProcessor.class)
                              .map(p -> p.processingStatus().values().stream()
                                         .mapToLong(status -> status.getCurrentPosition().orElse(0))
                                         .min()
                                         .orElse(0))
                              .orElse(0L);
    }

    /**
     * Stops the projection's processor, resets its tokens (its reset handler empties its tables) and starts it
     * again; it then rebuilds its tables from the first event. A processor whose segments another process holds
     * is not touched: that answers 409.
     */
    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Rebuild a projection's tables from the event store (202; 409 if another process holds it)")
    void replay(@PathVariable String name) {
        StreamingEventProcessor processor = eventProcessing.eventProcessor(name, StreamingEventProcessor.class)
                                                           .orElseThrow(NotFound::new);
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException e) {
            throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONFLICT, "Projection " + name + " is being processed by another process; "
                                         + "stop it there first"), e);
        } finally {
            processor.start();
        }
    }
}
