package dev.chatsessions.query.projection;

import dev.chatsessions.query.projection.ProjectionTokens.SegmentToken;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes: before a query reads a projection's tables, waits until that projection has folded every
 * event of the types it handles that was committed before the query began. A command answers only after its
 * events are committed, so any query sent after that answer, from any client and any process, sees them.
 * <p>
 * Progress is read from the token table, which each projection updates in the same transaction as its tables,
 * so it works the same whether the projection runs in this process or another. Only the event types a
 * projection handles count: its stored token does not move for the others. A processor of this process wakes the
 * waiting reads when it commits; the polling in between is for processors elsewhere.
 */
@Component
public class ReadModelFreshness {

    private static final Logger log = LoggerFactory.getLogger(ReadModelFreshness.class);
    private static final long FIRST_POLL_NANOS = Duration.ofMillis(1).toNanos();
    private static final long MAX_POLL_NANOS = Duration.ofMillis(16).toNanos();
    /** A segment further behind than this many events is behind, without looking at whose they are. */
    private static final long OWED_SCAN_LIMIT = 1_000;

    private final ProjectionTokens projectionTokens;
    private final ProjectionCommits commits;
    private final Duration maxWait;

    ReadModelFreshness(
            ProjectionTokens projectionTokens,
            ProjectionCommits commits,
            @Value("${chat.read-your-writes.max-wait:PT5S}") Duration maxWait) {
        this.projectionTokens = projectionTokens;
        this.commits = commits;
        this.maxWait = maxWait;
    }

    /** Waits (at most {@code chat.read-your-writes.max-wait}) until the projection has caught up. */
    public void await(ReadModel projection) {
        if (!caughtUpWithin(projection, maxWait)) {
            log.warn("Projection {} still behind after {}; answering from where it is", projection.name(), maxWait);
        }
    }

    /** Whether the projection has folded every event of its types committed so far. */
    public boolean caughtUp(ReadModel projection) {
        return progress(projection, null).caughtUp();
    }

    /** Waits at most {@code wait} until the projection has caught up; whether it has. */
    public boolean caughtUpWithin(ReadModel projection, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Long head = null;
        long pause = FIRST_POLL_NANOS;
        while (true) {
            long commitsSeen = commits.seen(projection.name());
            Progress progress = progress(projection, head);
            head = progress.head();
            if (progress.caughtUp()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            // Back off, so that many waiting reads do not take the connections the projection needs to catch up.
            try {
                commits.awaitAfter(projection.name(), commitsSeen, pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    private Progress progress(ReadModel projection, Long knownHead) {
        long head = knownHead != null ? knownHead : projectionTokens.head(projection.eventTypes());
        if (head == 0) {
            return new Progress(0, true);
        }
        List<SegmentToken> tokens = projectionTokens.of(projection.name());
        if (tokens.isEmpty()) {
            return new Progress(head, false);
        }
        Map<Integer, Segment> segments = Arrays.stream(Segment.computeSegments(
                        tokens.stream().mapToInt(SegmentToken::segment).toArray()))
                .collect(Collectors.toMap(Segment::getSegmentId, segment -> segment));
        for (SegmentToken token : tokens) {
            if (!covers(segments.get(token.segment()), token.token(), head, projection)) {
                return new Progress(head, false);
            }
        }
        return new Progress(head, true);
    }

    /**
     * Whether the segment has folded every committed event up to {@code head} that is its to fold. A segment folds
     * only the events of the aggregates that hash to it (Axon's sequencing per aggregate), and stores its token for
     * the others' events only when it next has nothing to do, up to a second later: waiting for that would add the
     * second to reads.
     */
    private boolean covers(Segment segment, TrackingToken token, long head, ReadModel projection) {
        if (token == null) {
            return false;
        }
        TrackingToken current = WrappedToken.unwrapUpperBound(token);
        if (current == null) {
            // a segment reset for a replay that has folded nothing yet
            return false;
        }
        if (!(current instanceof GapAwareTrackingToken gapAware)) {
            return current.position().orElse(-1) >= head;
        }
        long index = gapAware.getIndex();
        if (index < head && (segment.getMask() == 0 || head - index > OWED_SCAN_LIMIT)) {
            return false;
        }
        // A gap is an event not yet seen: in flight (not committed, so not yet answered) or rolled back. Only a
        // committed one of the projection's types is still owed.
        Long[] gapsUpToHead = gapAware.getGaps().stream().filter(g -> g <= head).toArray(Long[]::new);
        if (index >= head && gapsUpToHead.length == 0) {
            return true;
        }
        return projectionTokens.aggregatesAt(projection.eventTypes(), gapsUpToHead, index, head).stream()
                .noneMatch(segment::matches);
    }

    private record Progress(long head, boolean caughtUp) {}
}
