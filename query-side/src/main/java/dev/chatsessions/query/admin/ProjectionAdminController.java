package dev.chatsessions.query.admin;

import dev.chatsessions.query.freshness.Projection;
import dev.chatsessions.query.freshness.ProjectionTokens;
import dev.chatsessions.query.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin only (see the app's security): where each projection stands, and rebuilding one from the event store. */
@RestController
@RequestMapping("/api/admin/projections")
@Tag(name = "Admin")
class ProjectionAdminController {

    private final EventProcessingConfiguration eventProcessing;
    private final ProjectionTokens projectionTokens;
    private final ProjectionReplays replays;
    private final Map<String, Projection> projections;

    ProjectionAdminController(
            EventProcessingConfiguration eventProcessing,
            ProjectionTokens projectionTokens,
            ProjectionReplays replays,
            ApplicationContext context) {
        this.eventProcessing = eventProcessing;
        this.projectionTokens = projectionTokens;
        this.replays = replays;
        this.projections = context.getBeansWithAnnotation(ProcessingGroup.class).values().stream()
                .map(bean -> Projection.of(AopUtils.getTargetClass(bean)))
                .collect(Collectors.toMap(Projection::name, p -> p));
    }

    @GetMapping
    @Operation(summary = "Each projection: name, position, lag in events, whether it is replaying")
    List<ProjectionStatus> list() {
        long head = projectionTokens.head();
        return projections.values().stream()
                .filter(projection -> eventProcessing
                        .eventProcessor(projection.name(), StreamingEventProcessor.class)
                        .isPresent())
                .sorted(Comparator.comparing(Projection::name))
                .map(projection -> {
                    List<TrackingToken> tokens = projectionTokens.of(projection.name());
                    long position = tokens.stream()
                            .mapToLong(t -> t == null ? 0 : t.position().orElse(0))
                            .min()
                            .orElse(0);
                    long lag = projectionTokens.count(projection.eventTypes(), position, head);
                    boolean replaying = tokens.stream()
                            .filter(ReplayToken.class::isInstance)
                            .mapToLong(t -> ((ReplayToken) t)
                                    .getTokenAtReset()
                                    .position()
                                    .orElse(0))
                            .anyMatch(
                                    resetAt -> projectionTokens.count(projection.eventTypes(), position, resetAt) > 0);
                    return new ProjectionStatus(projection.name(), position, lag, replaying);
                })
                .toList();
    }

    /**
     * Resets the projection's tokens (its reset handler empties its tables), on every node running it at once (see
     * {@link ProjectionReplays}); it then rebuilds its tables from the first event. Position and lag count only the
     * events the projection folds: its stored token does not move for the others. 409 when some segment stays held
     * by a process that does not take part.
     */
    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Rebuild a projection's tables from the event store (202; 409 if a process keeps holding it)")
    void replay(@PathVariable String name) {
        if (!projections.containsKey(name)) {
            throw new NotFound();
        }
        // Only projections that follow the event store by token can be replayed.
        StreamingEventProcessor processor = replays.processor(name).orElseThrow(NotFound::new);
        try {
            replays.replay(processor);
        } catch (UnableToClaimTokenException e) {
            throw new ErrorResponseException(
                    HttpStatus.CONFLICT,
                    ProblemDetail.forStatusAndDetail(
                            HttpStatus.CONFLICT,
                            "Projection " + name + " stayed held by a process that does not take part "
                                    + "in replays; stop it there first"),
                    e);
        }
    }
}
