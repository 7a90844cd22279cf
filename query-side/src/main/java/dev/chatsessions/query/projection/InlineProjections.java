package dev.chatsessions.query.projection;

import dev.chatsessions.eventstore.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Projections folded inline: in the transaction of the command that appends their events, on the node that runs it
 * ({@code chat.projections.inline}, for nodes that run both sides). A read of such a projection then never waits for
 * it, and the events and their rows commit together or not at all.
 * <p>
 * Each projection keeps its tracking processor, which folds what was not folded inline: a replay, the events of a
 * first start on an existing store. Which path folds an event is decided in the event's transaction and written in
 * it: an event folded inline carries the names of the projections that folded it in its {@link #FOLDED_INLINE}
 * metadata, and their tracking processors pass over it, except in a replay. The decision reads the projection's
 * state ({@code inline_projection}) under a shared advisory lock, and the state changes only under the exclusive
 * one, so that no command decides by a state that is no longer current when it commits:
 * <ul>
 *   <li>a projection starts folding inline once its tracking processor has folded every event committed before
 *       the change, so that an event folded inline never overtakes an earlier one of its session;
 *   <li>it stops for a replay ({@link #replay}), before its tracking processor is reset.
 * </ul>
 * Every node that appends events must then fold inline: a command side running apart cannot, and the tracking
 * processor folds what it appends, but a read would not wait for it. That is why the sides apart keep the default,
 * none inline.
 */
@Component
public class InlineProjections implements SmartLifecycle {

    /** The metadata naming the projections that folded an event in its own transaction. */
    public static final String FOLDED_INLINE = "foldedInline";

    private static final Duration CHECK = Duration.ofMillis(200);
    private static final Duration CATCH_UP_UNDER_LOCK = Duration.ofMillis(100);
    private static final String LOCK_KEY = "hashtext('chat-sessions inline projections')";
    private static final String DECISION = "select i.name, i.started from pg_advisory_xact_lock_shared(" + LOCK_KEY
            + ") l, inline_projection i where i.folding order by i.name";
    /** Held by a node replaying the projection named by the parameter. */
    private static final String REPLAY_LOCK_KEYS = "hashtext('chat-sessions inline replay'), hashtext(?)";

    private static final Logger log = LoggerFactory.getLogger(InlineProjections.class);

    private final Set<String> configured;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate transactions;
    private final ReadModels readModels;
    private final ReadModelFreshness freshness;
    /** The transaction's decision, kept on its unit of work: one read of the state a transaction. */
    private final String decisionKey = InlineProjections.class.getName() + ".decision";

    private final List<Runnable> startListeners = new CopyOnWriteArrayList<>();
    /** What the last decision of this node saw. */
    private volatile List<Started> lastDecided = List.of();

    private ScheduledExecutorService worker;
    private boolean running;

    InlineProjections(
            @Value("${chat.projections.inline:}") Set<String> configured,
            JdbcClient jdbc,
            JdbcTemplate jdbcTemplate,
            PlatformTransactionManager transactionManager,
            ReadModels readModels,
            ReadModelFreshness freshness) {
        this.configured = Set.copyOf(new TreeSet<>(configured));
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.transactions = new TransactionTemplate(transactionManager);
        this.readModels = readModels;
        this.freshness = freshness;
    }

    /** The projections this node folds inline when they are {@link #folding}. */
    public Set<String> configured() {
        return configured;
    }

    /** Whether every event of the projection's is now folded in its own transaction: reads need not wait for it. */
    public boolean folding(String projection) {
        return configured.contains(projection)
                && jdbc.sql("select folding from inline_projection where name = ?")
                        .param(projection)
                        .query(Boolean.class)
                        .optional()
                        .orElse(false);
    }

    /** Whether the event was folded by the projection in the transaction that appended it. */
    public static boolean foldedInline(EventMessage<?> event, String projection) {
        return event.getMetaData().get(FOLDED_INLINE) instanceof String names
                && List.of(names.split(",")).contains(projection);
    }

    /**
     * Whether the projection's tracking processor passes over the event of its unit of work: folded inline, and not in
     * a replay, which folds every event again, nor retried from the dead-letter queue, where it was parked inline.
     */
    public static boolean passedOver(UnitOfWork<? extends EventMessage<?>> unitOfWork, String projection) {
        EventMessage<?> event = unitOfWork.getMessage();
        return !ReplayToken.isReplay(event)
                && unitOfWork.getResource(DeadLetter.class.getName()) == null
                && foldedInline(event, projection);
    }

    /**
     * Names, in each event of a transaction, the projections that fold it inline. Outside a transaction (nothing a
     * command does) none do. An event to fold inline is first made as the store keeps it, its time to the millisecond,
     * so that it folds as it reads back.
     */
    public MessageDispatchInterceptor<EventMessage<?>> marks() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(
                    List<? extends EventMessage<?>> events) {
                String folding = decision();
                return folding.isEmpty()
                        ? (index, event) -> event
                        : (index, event) -> asStored(event).andMetaData(Map.of(FOLDED_INLINE, folding));
            }
        };
    }

    private static EventMessage<?> asStored(EventMessage<?> event) {
        Instant stored = event.getTimestamp().truncatedTo(ChronoUnit.MILLIS);
        if (stored.equals(event.getTimestamp()) || !(event instanceof DomainEventMessage<?> domainEvent)) {
            return event;
        }
        return new GenericDomainEventMessage<>(
                domainEvent.getType(),
                domainEvent.getAggregateIdentifier(),
                domainEvent.getSequenceNumber(),
                domainEvent.getPayload(),
                domainEvent.getMetaData(),
                domainEvent.getIdentifier(),
                stored);
    }

    /** The projections folding inline, as the transaction sees them under the shared lock, joined by commas. */
    private String decision() {
        if (configured.isEmpty()
                || !CurrentUnitOfWork.isStarted()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return "";
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(decisionKey, key -> {
            var folding =
                    jdbc.sql(DECISION).query((rs, n) -> new Started(rs.getString(1), rs.getLong(2))).list().stream()
                            .filter(started -> configured.contains(started.name()))
                            .toList();
            if (!folding.equals(lastDecided)) {
                lastDecided = folding;
                startListeners.forEach(Runnable::run);
            }
            return folding.stream().map(Started::name).collect(Collectors.joining(","));
        });
    }

    /** A projection folding inline, and how many times it started to. */
    private record Started(String name, long times) {}

    /**
     * Runs {@code listener} when a command of this node first sees the projections folding inline change, before it
     * folds anything: a projection may have stopped and started again meanwhile, for a replay that parked events.
     */
    public void onChange(Runnable listener) {
        startListeners.add(listener);
    }

    /**
     * Runs a replay's {@code reset} of the projection's tracking processor with the projection not folding inline:
     * the commands committing from then on fold nothing of it, and its tracking processor folds their events; it folds
     * inline again once it has caught up. Before the reset, waits for the commands that decided otherwise to commit,
     * then (at most {@code wait}) for the tracking processor to pass their events, so that the replay token counts
     * every event folded inline as one to fold again. A lock on a connection of its own keeps any node from starting
     * to fold inline again meanwhile, and is let go if this node dies.
     *
     * @return whether it caught up and reset
     */
    public boolean replay(ReadModel projection, Duration wait, Runnable reset) {
        if (!configured.contains(projection.name())) {
            reset.run();
            return true;
        }
        return Boolean.TRUE.equals(jdbcTemplate.execute((ConnectionCallback<Boolean>) connection -> {
            try (var lock = connection.prepareStatement("select pg_advisory_lock(" + REPLAY_LOCK_KEYS + ")")) {
                lock.setString(1, projection.name());
                lock.execute();
            }
            try {
                transactions.executeWithoutResult(status -> {
                    lockExclusively();
                    jdbc.sql("update inline_projection set folding = false where name = ?")
                            .param(projection.name())
                            .update();
                });
                log.info(
                        "Projection {} is folded by its tracking processor alone until it has caught up",
                        projection.name());
                if (!freshness.caughtUpWithin(projection, wait)) {
                    return false;
                }
                reset.run();
                return true;
            } finally {
                try (var unlock = connection.prepareStatement("select pg_advisory_unlock(" + REPLAY_LOCK_KEYS + ")")) {
                    unlock.setString(1, projection.name());
                    unlock.execute();
                }
            }
        }));
    }

    /**
     * Starts folding the projection inline if its tracking processor has folded every event committed so far. Holds
     * the exclusive lock while it looks, so that no command commits meanwhile: it is tried only when the projection
     * looks caught up without it, and gives up after {@link #CATCH_UP_UNDER_LOCK}, since the commands it holds up
     * hold connections the tracking processor may need.
     */
    boolean startFolding(ReadModel projection) {
        if (!freshness.caughtUp(projection)) {
            return false;
        }
        boolean started = Boolean.TRUE.equals(transactions.execute(status -> {
            lockExclusively();
            return notReplaying(projection)
                    && freshness.caughtUpWithin(projection, CATCH_UP_UNDER_LOCK)
                    && jdbc.sql(
                                            "update inline_projection set folding = true, started = started + 1 where name = ? and not folding")
                                    .param(projection.name())
                                    .update()
                            == 1;
        }));
        if (started) {
            log.info("Projection {} is folded inline", projection.name());
        }
        return started;
    }

    private boolean notReplaying(ReadModel projection) {
        return jdbc.sql("select pg_try_advisory_xact_lock_shared(" + REPLAY_LOCK_KEYS + ")")
                .param(projection.name())
                .query(Boolean.class)
                .single();
    }

    private void lockExclusively() {
        // a command stuck holding the shared lock must not hold this up for long: the next check tries again
        jdbc.sql("set local lock_timeout = '1s'").update();
        jdbc.sql("select pg_advisory_xact_lock(" + LOCK_KEY + ")").query().singleRow();
    }

    /** Starts folding inline each projection configured so that has caught up. */
    void check() {
        for (String name : configured) {
            if (!folding(name)) {
                readModels.named(name).ifPresent(this::startFolding);
            }
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Could not check the inline projections: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        for (String name : configured) {
            jdbc.sql("insert into inline_projection (name, folding) values (?, false) on conflict do nothing")
                    .param(name)
                    .update();
        }
        if (!configured.isEmpty()) {
            worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("inline-projections-"));
            worker.scheduleWithFixedDelay(this::checkQuietly, 0, CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
        running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }
}
