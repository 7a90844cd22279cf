package dev.chatsessions.query.projection;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The projections' writes, sent to PostgreSQL in JDBC batches. A write made while an Axon unit of work is active (a
 * tracking processor's batch of events) is queued on that unit of work and runs when it prepares to commit: in its
 * transaction, with the processor's token, in the order the writes were made. Each run of consecutive writes with the
 * same SQL goes as one JDBC batch, so a batch of similar events costs a round trip instead of one per event.
 * Outside a unit of work (a test calling a handler) a write runs at once.
 * <p>
 * A queued write is not visible to reads until it has run: an event handler that reads what earlier events of its
 * batch may have written calls {@link #flush()} first.
 */
@Component
public class ProjectionWrites {

    private final JdbcTemplate jdbc;
    /** One queue per unit of work and instance, so that instances on different databases keep theirs apart. */
    private final String queueKey = ProjectionWrites.class.getName() + "/" + UUID.randomUUID();

    public ProjectionWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String sql, Object... args) {
        if (CurrentUnitOfWork.isStarted()) {
            queue().add(new Write(sql, args));
        } else {
            jdbc.update(sql, args);
        }
    }

    /** Runs the writes queued so far, so that what follows can read them. */
    public void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            run(queue());
        }
    }

    private List<Write> queue() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(queueKey, key -> {
            List<Write> queue = new ArrayList<>();
            root.onPrepareCommit(unitOfWork -> run(queue));
            return queue;
        });
    }

    private void run(List<Write> queue) {
        int start = 0;
        while (start < queue.size()) {
            String sql = queue.get(start).sql();
            int end = start + 1;
            while (end < queue.size() && queue.get(end).sql().equals(sql)) {
                end++;
            }
            if (end - start == 1) {
                jdbc.update(sql, queue.get(start).args());
            } else {
                jdbc.batchUpdate(sql, queue.subList(start, end).stream().map(Write::args).toList());
            }
            start = end;
        }
        queue.clear();
    }

    private record Write(String sql, Object[] args) {
    }
}
