package dev.chatsessions.query.admin;

import dev.chatsessions.query.NotFound;
import dev.chatsessions.query.projection.InlineProjections;
import dev.chatsessions.query.projection.ProjectionTokens;
import dev.chatsessions.query.projection.ProjectionTokens.SegmentToken;
import dev.chatsessions.query.projection.ReadModel;
import dev.chatsessions.query.projection.ReadModels;
import java.time.Duration;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.stereotype.Component;

/**
 * Where each projection stands, and rebuilding one from the event store. Position and lag count only the events the
 * projection folds: its stored token does not move for the others.
 */
@Component
public class ProjectionAdmin {

    private static final Duration CATCH_UP_BEFORE_REPLAY = Duration.ofSeconds(30);

    private final EventProcessingConfiguration eventProcessing;
    private final ProjectionTokens projectionTokens;
    private final ProjectionReplays replays;
    private final ReadModels projections;
    private final InlineProjections inline;

    ProjectionAdmin(
            EventProcessingConfiguration eventProcessing,
            ProjectionTokens projectionTokens,
            ProjectionReplays replays,
            ReadModels projections,
            InlineProjections inline) {
        this.eventProcessing = eventProcessing;
        this.projectionTokens = projectionTokens;
        this.replays = replays;
        this.projections = projections;
        this.inline = inline;
    }

    /** Each projection that follows the event store by token, by name. */
    public List<ProjectionStatus> statuses() {
        long head = projectionTokens.head();
        return projections.all().stream()
                .filter(projection -> eventProcessing
                        .eventProcessor(projection.name(), StreamingEventProcessor.class)
                        .isPresent())
                .map(projection -> status(projection, head))
                .toList();
    }

    private ProjectionStatus status(ReadModel projection, long head) {
        List<TrackingToken> tokens = projectionTokens.of(projection.name()).stream()
                .map(SegmentToken::token)
                .toList();
        long position = tokens.stream()
                .mapToLong(t -> t == null ? 0 : t.position().orElse(0))
                .min()
                .orElse(0);
        long lag = projectionTokens.count(projection.eventTypes(), position, head);
        boolean replaying = tokens.stream()
                .filter(ReplayToken.class::isInstance)
                .mapToLong(t -> ((ReplayToken) t).getTokenAtReset().position().orElse(0))
                .anyMatch(resetAt -> projectionTokens.count(projection.eventTypes(), position, resetAt) > 0);
        return new ProjectionStatus(projection.name(), position, lag, replaying, inline.folding(projection.name()));
    }

    /**
     * Resets the projection's tokens (its reset handler empties its tables), on every node running it at once (see
     * {@link ProjectionReplays}); it then rebuilds its tables from the first event. A projection folded inline stops
     * folding so until its tracking processor has caught up again.
     *
     * @throws NotFound when no projection of that name follows the event store by token (only those can be replayed)
     * @throws UnableToClaimTokenException when some segment stays held by a process that does not take part
     * @throws NotCaughtUp when a projection folded inline did not catch up with what it folded so
     */
    public void replay(String name) {
        ReadModel projection = projections.named(name).orElseThrow(NotFound::new);
        var processor = replays.processor(name).orElseThrow(NotFound::new);
        if (!inline.replay(projection, CATCH_UP_BEFORE_REPLAY, () -> replays.replay(processor))) {
            throw new NotCaughtUp();
        }
    }

    /** A projection folded inline whose tracking processor had not passed what it folded inline: try again. */
    public static final class NotCaughtUp extends RuntimeException {

        NotCaughtUp() {
            super(null, null, false, false);
        }
    }
}
