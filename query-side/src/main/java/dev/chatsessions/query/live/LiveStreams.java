package dev.chatsessions.query.live;

import dev.chatsessions.api.FindSession;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.SessionArchived;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionPinned;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.SessionUnarchived;
import dev.chatsessions.api.SessionUnpinned;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.eventstore.DaemonThreads;
import dev.chatsessions.query.Queries;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The live streams of projects' changes. Each follows the event store from a position (its global index), so that
 * it sees the events committed by every node, not only this one: the store wakes it at once for this node's
 * commits and polls for the others'. Sessions' changes are sent with the session as the sessions read model shows
 * it once it has folded the event (read-your-writes), deletions with the session's id; each with the event's position,
 * which a client resumes after. When nothing else was sent for {@code chat.live.heartbeat}, the stream is told it was
 * quiet, so that proxies keep the connection open. On shutdown the streams end first, so that the web server's
 * graceful shutdown does not wait for them (clients reconnect elsewhere and resume).
 */
@Component
public class LiveStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
    private static final Set<Class<?>> SESSION_CHANGES = Set.of(
            SessionCreated.class,
            SessionRenamed.class,
            SessionPinned.class,
            SessionUnpinned.class,
            SessionArchived.class,
            SessionUnarchived.class,
            MessagePosted.class);
    private static final int KNOWN_SESSIONS = 10_000;

    private final EventStore eventStore;
    private final Queries queries;
    private final Duration heartbeat;
    /** Which project each session belongs to (that never changes), for the events that name only the session. */
    private final Map<UUID, UUID> projectOfSession =
            Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, UUID> eldest) {
                    return size() > KNOWN_SESSIONS;
                }
            });

    private final Set<Following> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private final ExecutorService followers = Executors.newCachedThreadPool(DaemonThreads.named("live-stream-"));

    LiveStreams(EventStore eventStore, Queries queries, @Value("${chat.live.heartbeat:PT15S}") Duration heartbeat) {
        this.eventStore = eventStore;
        this.queries = queries;
        this.heartbeat = heartbeat;
    }

    /**
     * Starts following the project for the user: after {@code lastEventId}, or from now. The starting position is
     * taken before this returns, so that every event committed after the call is sent.
     */
    public Following follow(UUID projectId, String userId, Long lastEventId, LiveStream stream) {
        TrackingToken start = lastEventId == null
                ? eventStore.createHeadToken()
                : GapAwareTrackingToken.newInstance(lastEventId, Set.of());
        var following = new Following(stream);
        streams.add(following);
        followers.execute(() -> follow(projectId, userId, start, following));
        return following;
    }

    /** A stream being followed; {@link #stop()} when its client went away. */
    public final class Following {

        private final LiveStream stream;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Following(LiveStream stream) {
            this.stream = stream;
        }

        public void stop() {
            open.set(false);
            streams.remove(this);
        }
    }

    private void follow(UUID projectId, String userId, TrackingToken start, Following following) {
        LiveStream stream = following.stream;
        try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(start)) {
            stream.following(projectId);
            long quietSince = System.nanoTime();
            while (following.open.get()) {
                long wait = heartbeat.toNanos() - (System.nanoTime() - quietSince);
                if (wait > 0
                        && events.hasNextAvailable(
                                (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), TimeUnit.MILLISECONDS)) {
                    if (send(events.nextAvailable(), projectId, userId, stream)) {
                        quietSince = System.nanoTime();
                    }
                } else if (following.open.get()) {
                    stream.quiet();
                    quietSince = System.nanoTime();
                }
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Live stream of project {} ended: {}", projectId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Live stream of project {} failed", projectId, e);
            stream.ended(e);
            return;
        }
        stream.ended(null);
    }

    /** Sends the event if it is a change of one of the project's sessions; tells whether it sent anything. */
    private boolean send(TrackedEventMessage<?> event, UUID projectId, String userId, LiveStream stream)
            throws IOException {
        Class<?> type = event.getPayloadType();
        if (type != SessionDeleted.class && !SESSION_CHANGES.contains(type)) {
            return false;
        }
        Object payload = event.getPayload();
        long position = event.trackingToken().position().orElseThrow();
        if (payload instanceof SessionDeleted deleted) {
            projectOfSession.put(deleted.sessionId(), deleted.projectId());
            if (!deleted.projectId().equals(projectId)) {
                return false;
            }
            stream.sessionDeleted(position, deleted.sessionId());
            return true;
        }
        if (payload instanceof SessionCreated created) {
            projectOfSession.put(created.sessionId(), created.projectId());
        }
        UUID sessionId =
                event instanceof DomainEventMessage<?> domain ? UUID.fromString(domain.getAggregateIdentifier()) : null;
        if (sessionId == null || !projectId.equals(projectOf(sessionId))) {
            return false;
        }
        Optional<SessionView> session = queries.find(new FindSession(userId, sessionId), SessionView.class);
        if (session.isEmpty()) {
            return false;
        }
        stream.sessionChanged(position, session.get());
        return true;
    }

    /** The session's project, from its first event when not known yet. */
    private UUID projectOf(UUID sessionId) {
        UUID known = projectOfSession.get(sessionId);
        if (known != null) {
            return known;
        }
        try (var events = eventStore.readEvents(sessionId.toString(), 0).asStream()) {
            UUID project = events.findFirst()
                    .map(DomainEventMessage::getPayload)
                    .filter(SessionCreated.class::isInstance)
                    .map(created -> ((SessionCreated) created).projectId())
                    .orElse(null);
            if (project != null) {
                projectOfSession.put(sessionId, project);
            }
            return project;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every open stream before the web server's graceful shutdown waits for the requests in progress. */
    @Override
    public void stop() {
        running = false;
        streams.forEach(following -> {
            following.stop();
            following.stream.ended(null);
        });
        followers.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
