package dev.chatsessions.query.projection;

import dev.chatsessions.eventstore.StorageFailures;
import java.sql.Connection;
import java.sql.Savepoint;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The projections' writes, sent to PostgreSQL in JDBC batches. A write made while an Axon unit of work is active (a
 * tracking processor's batch of events) is queued on that unit of work and runs when it prepares to commit: in its
 * transaction, with the processor's token, in the order the writes were made. Each run of consecutive writes with the
 * same SQL goes as one JDBC batch, so a batch of similar events costs a round trip instead of one per event.
 * Outside a unit of work (a test calling a handler) a write runs at once.
 * <p>
 * A batch whose writes the database refuses (not one it failed to answer) cannot tell which event was at fault. Its
 * processor's segment then folds the events of its next batches one by one, each event's writes run at once under a savepoint:
 * the faulty event's writes are undone and its failure reaches the dead-letter queue, which parks it with the later
 * events of its session while the others are folded. The first batch committed that way ends it.
 * <p>
 * A projection folded inline (the unit of work holds {@link #AT_ONCE}) writes at once, each write undone alone if it
 * fails: it folds in the command's transaction, which must go on when the event is parked.
 * <p>
 * A queued write is not visible to reads until it has run: an event handler that reads what earlier events of its
 * batch may have written calls {@link #flush()} first.
 */
@Component
public class ProjectionWrites {

    /** The unit-of-work resource naming the processor that folds the batch. */
    public static final String PROCESSOR = ProjectionWrites.class.getName() + ".processor";
    /** The unit-of-work resource of a processor folding inline, whose writes run at once. */
    public static final String AT_ONCE = ProjectionWrites.class.getName() + ".at-once";

    private final JdbcTemplate jdbc;
    /** One queue per unit of work and instance, so that instances on different databases keep theirs apart. */
    private final String queueKey = ProjectionWrites.class.getName() + "/" + UUID.randomUUID();

    /** The segments (processor and segment number) folding one by one. */
    private final Set<String> foldingOneByOne = ConcurrentHashMap.newKeySet();
    /** The merged writes' statements, parsed once each. */
    private final Map<String, NamedStatement> statements = new ConcurrentHashMap<>();

    public ProjectionWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
        } else if (atOnce()) {
            runUndoableAlone(sql, args);
        } else if (foldingOneByOne()) {
            runForThisEvent(sql, args);
        } else {
            queue().add(sql, args);
        }
    }

    /**
     * Queues a write, or merges it into the one queued earlier in this unit of work with the same SQL and key. The SQL
     * names its parameters ({@code :name}), each a component of {@code row}, so that a row cannot drift from the SQL.
     * {@code combine} gets the earlier and this write's rows and returns the row of one write that does the work of
     * both. It runs at the earlier write's place, so this is only for writes that commute with any write that can come
     * between them (additions to counters, for one). Rewriting a row many times in one transaction gets slower with
     * each version of it, so that a batch's writes to one row are better merged.
     */
    public <T extends Record> void merge(Object key, String sql, T row, BinaryOperator<T> combine) {
        NamedStatement statement = statements.computeIfAbsent(sql, NamedStatement::of);
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(statement.sql(), statement.args(row));
        } else if (atOnce()) {
            runUndoableAlone(statement.sql(), statement.args(row));
        } else if (foldingOneByOne()) {
            runForThisEvent(statement.sql(), statement.args(row));
        } else {
            queue().merge(key, statement, row, combine);
        }
    }

    /** Runs the writes queued so far, so that what follows can read them. */
    public void flush() {
        if (CurrentUnitOfWork.isStarted() && !atOnce()) {
            run(queue());
        }
    }

    private WriteQueue queue() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(queueKey, key -> {
            WriteQueue queue = new WriteQueue();
            root.onPrepareCommit(unitOfWork -> run(queue));
            return queue;
        });
    }

    private void run(WriteQueue queue) {
        try {
            for (WriteQueue.Run run : queue.drain()) {
                if (run.args().size() == 1) {
                    jdbc.update(run.sql(), run.args().get(0));
                } else {
                    jdbc.batchUpdate(run.sql(), run.args());
                }
            }
        } catch (DataAccessException e) {
            String segment = segment();
            if (segment != null && !StorageFailures.isUnavailable(e)) {
                foldingOneByOne.add(segment);
            }
            throw e;
        }
    }

    private static boolean atOnce() {
        return CurrentUnitOfWork.get().resources().containsKey(AT_ONCE);
    }

    private boolean foldingOneByOne() {
        String segment = segment();
        if (segment == null || !foldingOneByOne.contains(segment)) {
            return false;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(queueKey + "/one-by-one", key -> {
            root.afterCommit(unitOfWork -> foldingOneByOne.remove(segment));
            return Boolean.TRUE;
        });
        return true;
    }

    /**
     * The processor and segment folding the batch: each segment retries its own failed batch, and another segment's
     * commit must not end that.
     */
    private static String segment() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        String processor = root.getResource(PROCESSOR);
        // where Axon's tracking processor keeps the batch's segment
        return processor == null ? null : processor + "/" + root.getResource("Processor[" + processor + "]/SegmentId");
    }

    /**
     * Runs a write at once, under a savepoint of its own that the driver sends with it (no round trip of its own) and
     * rolls back to if the write fails, so that the transaction goes on. An event's earlier writes stay: every fold
     * of several writes is one that can run again.
     */
    private void runUndoableAlone(String sql, Object[] args) {
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            PGConnection postgres = connection.unwrap(PGConnection.class);
            AutoSave before = postgres.getAutosave();
            postgres.setAutosave(AutoSave.ALWAYS);
            try (var statement = connection.prepareStatement(sql)) {
                new ArgumentPreparedStatementSetter(args).setValues(statement);
                return statement.executeUpdate();
            } finally {
                postgres.setAutosave(before);
            }
        });
    }

    /**
     * Runs a write at once, under a savepoint taken at the event's first write, undone with all of them on failure.
     */
    private void runForThisEvent(String sql, Object[] args) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Savepoint savepoint = unitOfWork
                .root()
                .getOrComputeResource(
                        queueKey + "/savepoint/" + unitOfWork.getMessage().getIdentifier(),
                        key -> jdbc.execute((ConnectionCallback<Savepoint>) Connection::setSavepoint));
        try {
            jdbc.update(sql, args);
        } catch (DataAccessException e) {
            if (!StorageFailures.isUnavailable(e)) {
                jdbc.execute((ConnectionCallback<Void>) connection -> {
                    connection.rollback(savepoint);
                    return null;
                });
            }
            throw e;
        }
    }
}
