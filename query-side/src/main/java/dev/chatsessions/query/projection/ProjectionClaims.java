package dev.chatsessions.query.projection;

import com.zaxxer.hikari.HikariDataSource;
import dev.chatsessions.eventstore.DaemonThreads;
import dev.chatsessions.eventstore.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Shares the projections' segments among the nodes that run them. Axon's tracking processors neither split nor
 * balance by themselves: the first node to start claims every segment. So each node keeps a connection of its own
 * open, named after it, for as long as it runs the projections: the nodes PostgreSQL shows holding one are the live
 * ones, with no membership protocol of ours (a node that dies loses its connection with its process). Every
 * {@link #CHECK}, for each processor, a node
 * <ul>
 *   <li>splits the biggest segment it holds while the processor has fewer segments than live nodes (and than
 *       {@code chat.projections.max-segments});
 *   <li>merges two halves it holds while the processor has more segments than live nodes: every segment reads and
 *       decodes the whole event stream on its own, so one node running two does that work twice;
 *   <li>otherwise releases what it holds beyond its share, {@code ceil(segments / live nodes)}, which a node holding
 *       less claims at its processor's next claim attempt.
 * </ul>
 * A node can run every segment, so that the segments of a node that died are taken over when its claims expire
 * (Axon's claim timeout).
 */
@Component
public class ProjectionClaims implements SmartLifecycle {

    /** What a node running the projections names its presence connection, after its own name. */
    static final String PRESENCE = "projections";

    private static final Duration CHECK = Duration.ofSeconds(2);
    /** Long enough for another node's processor to try to claim it (every second) before this one would again. */
    private static final Duration RELEASE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ProjectionClaims.class);

    private final EventProcessingConfiguration eventProcessing;
    private final HikariDataSource dataSource;
    private final NodeConnections node;
    private ScheduledExecutorService worker;
    private Connection presence;

    ProjectionClaims(EventProcessingConfiguration eventProcessing, DataSource dataSource, NodeConnections node)
            throws SQLException {
        this.eventProcessing = eventProcessing;
        this.dataSource = dataSource.unwrap(HikariDataSource.class);
        this.node = node;
    }

    @Override
    public synchronized void start() {
        worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("projection-claims"));
        worker.scheduleWithFixedDelay(this::balance, 0, CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closePresence();
        worker = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return worker != null;
    }

    /** Before the processors stop, after they start (Axon's lifecycle runs in the default phase). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void balance() {
        try {
            int nodes = liveNodes();
            for (StreamingEventProcessor processor : eventProcessing.eventProcessors().values().stream()
                    .filter(StreamingEventProcessor.class::isInstance)
                    .map(StreamingEventProcessor.class::cast)
                    .filter(StreamingEventProcessor::isRunning)
                    .toList()) {
                share(processor, nodes);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not share the projections' segments with the other nodes: {}", e.toString());
            closePresence();
        }
    }

    private void share(StreamingEventProcessor processor, int nodes) throws SQLException {
        Map<Integer, EventTrackerStatus> held = processor.processingStatus();
        if (held.isEmpty() || held.values().stream().anyMatch(EventTrackerStatus::isReplaying)) {
            return;
        }
        int segments = segments(processor.getName());
        if (segments < Math.min(nodes, processor.maxCapacity())) {
            Segment biggest = held.values().stream()
                    .map(EventTrackerStatus::getSegment)
                    .min(Comparator.comparingInt(Segment::getMask))
                    .orElseThrow();
            log.info("Splitting segment {} of {} ({} live nodes)", biggest, processor.getName(), nodes);
            processor.splitSegment(biggest.getSegmentId());
            return;
        }
        if (segments > nodes) {
            var halves = held.values().stream()
                    .map(EventTrackerStatus::getSegment)
                    .filter(segment -> segment.getMask() > 0 && held.containsKey(segment.mergeableSegmentId()))
                    .findFirst();
            if (halves.isPresent()) {
                log.info(
                        "Merging segment {} of {} with its other half ({} live nodes)",
                        halves.get(),
                        processor.getName(),
                        nodes);
                processor.mergeSegment(halves.get().getSegmentId());
                return;
            }
        }
        int share = Math.max(1, (segments + nodes - 1) / nodes);
        held.keySet().stream()
                .sorted(Comparator.reverseOrder())
                .limit(Math.max(0, held.size() - share))
                .forEach(segment -> {
                    log.info(
                            "Releasing segment {} of {} for another node ({} live, {} segments)",
                            segment,
                            processor.getName(),
                            nodes,
                            segments);
                    processor.releaseSegment(segment, RELEASE.toMillis(), TimeUnit.MILLISECONDS);
                });
    }

    /** The nodes running the projections now, this one included. */
    private int liveNodes() throws SQLException {
        try (var statement = presence().prepareStatement("""
                        select count(distinct application_name) from pg_stat_activity
                        where datname = current_database() and application_name like ?""")) {
            statement.setString(1, "% " + PRESENCE);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return Math.max(1, rows.getInt(1));
            }
        }
    }

    private int segments(String processorName) throws SQLException {
        try (var statement = presence().prepareStatement("select count(*) from token_entry where processor_name = ?")) {
            statement.setString(1, processorName);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private Connection presence() throws SQLException {
        if (presence == null) {
            presence = node.dedicated(dataSource, PRESENCE);
        }
        return presence;
    }

    private void closePresence() {
        if (presence != null) {
            try {
                presence.close();
            } catch (SQLException e) {
                log.debug("Closing the presence connection failed", e);
            }
            presence = null;
        }
    }
}
