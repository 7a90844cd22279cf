package dev.chatsessions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class ProjectionWritesTest {

    private final RecordingJdbc jdbc = new RecordingJdbc();
    private final ProjectionWrites writes = new ProjectionWrites(jdbc);

    /** A test that fails midway leaves its unit of work on the thread, where it would catch the next tests' writes. */
    @AfterEach
    void rollBackWhatATestLeftOpen() {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
    }

    @Test
    void runsAWriteAtOnceOutsideAUnitOfWork() {
        writes.add("insert a", 1);

        assertThat(jdbc.calls).containsExactly(new Call("insert a", List.of(List.of(1))));
    }

    @Test
    void holdsWritesUntilTheUnitOfWorkCommitsThenSendsEachRunOfTheSameSqlAsOneBatch() {
        UnitOfWork<?> unitOfWork = start();
        writes.add("insert a", 1);
        writes.add("insert a", 2);
        writes.add("update b", 3, "x");
        writes.add("insert a", 4);
        writes.add("insert a", 5);
        writes.add("insert a", 6);
        assertThat(jdbc.calls).isEmpty();

        unitOfWork.commit();

        assertThat(jdbc.calls)
                .containsExactly(
                        new Call("insert a", List.of(List.of(1), List.of(2))),
                        new Call("update b", List.of(List.of(3, "x"))),
                        new Call("insert a", List.of(List.of(4), List.of(5), List.of(6))));
    }

    @Test
    void queuesTheWritesOfANestedUnitOfWorkOnItsRoot() {
        UnitOfWork<?> root = start();
        writes.add("insert a", 1);
        UnitOfWork<?> nested = start();
        writes.add("insert a", 2);
        nested.commit();
        assertThat(jdbc.calls).isEmpty();

        root.commit();

        assertThat(jdbc.calls).containsExactly(new Call("insert a", List.of(List.of(1), List.of(2))));
    }

    @Test
    void dropsTheQueuedWritesWhenTheUnitOfWorkRollsBack() {
        UnitOfWork<?> unitOfWork = start();
        writes.add("insert a", 1);

        unitOfWork.rollback();

        assertThat(jdbc.calls).isEmpty();
    }

    @Test
    void flushRunsTheWritesQueuedSoFarAndOnlyOnce() {
        UnitOfWork<?> unitOfWork = start();
        writes.add("insert a", 1);
        writes.add("insert a", 2);

        writes.flush();
        assertThat(jdbc.calls).containsExactly(new Call("insert a", List.of(List.of(1), List.of(2))));
        writes.add("insert a", 3);
        unitOfWork.commit();

        assertThat(jdbc.calls)
                .containsExactly(
                        new Call("insert a", List.of(List.of(1), List.of(2))),
                        new Call("insert a", List.of(List.of(3))));
    }

    @Test
    void mergesAWriteIntoTheEarlierOneWithTheSameSqlAndKeyAtItsPlace() {
        UnitOfWork<?> unitOfWork = start();
        writes.merge("x", ADD, new Count("x", 1), Count::plus);
        writes.merge("y", ADD, new Count("y", 10), Count::plus);
        writes.add("insert a", 0);
        writes.merge("x", ADD, new Count("x", 2), Count::plus);
        writes.merge("x", SET, new Count("x", 100), Count::plus);
        writes.merge("x", ADD, new Count("x", 4), Count::plus);

        unitOfWork.commit();

        assertThat(jdbc.calls)
                .containsExactly(
                        new Call(ADD_POSITIONAL, List.of(List.of(7, "x"), List.of(10, "y"))),
                        new Call("insert a", List.of(List.of(0))),
                        new Call(SET_POSITIONAL, List.of(List.of("x", 100))));
    }

    @Test
    void handsTheEarlierWriteFirstToTheMerge() {
        UnitOfWork<?> unitOfWork = start();
        writes.merge("x", ADD, new Count("first", 1), (earlier, later) -> later);
        writes.merge("x", ADD, new Count("second", 2), (earlier, later) -> later);

        unitOfWork.commit();

        assertThat(jdbc.calls).containsExactly(new Call(ADD_POSITIONAL, List.of(List.of(2, "second"))));
    }

    @Test
    void mergesNothingIntoAWriteThatHasRun() {
        UnitOfWork<?> unitOfWork = start();
        writes.merge("x", ADD, new Count("x", 1), Count::plus);
        writes.flush();
        writes.merge("x", ADD, new Count("x", 2), Count::plus);

        unitOfWork.commit();

        assertThat(jdbc.calls)
                .containsExactly(
                        new Call(ADD_POSITIONAL, List.of(List.of(1, "x"))),
                        new Call(ADD_POSITIONAL, List.of(List.of(2, "x"))));
    }

    @Test
    void runsAMergeableWriteAtOnceOutsideAUnitOfWork() {
        writes.merge("x", ADD, new Count("x", 1), Count::plus);
        writes.merge("x", ADD, new Count("x", 2), Count::plus);

        assertThat(jdbc.calls)
                .containsExactly(
                        new Call(ADD_POSITIONAL, List.of(List.of(1, "x"))),
                        new Call(ADD_POSITIONAL, List.of(List.of(2, "x"))));
    }

    @Test
    void keepsTheQueuesOfTwoInstancesApart() {
        var otherJdbc = new RecordingJdbc();
        var other = new ProjectionWrites(otherJdbc);
        UnitOfWork<?> unitOfWork = start();
        writes.add("insert a", 1);
        other.add("insert a", 2);

        unitOfWork.commit();

        assertThat(jdbc.calls).containsExactly(new Call("insert a", List.of(List.of(1))));
        assertThat(otherJdbc.calls).containsExactly(new Call("insert a", List.of(List.of(2))));
    }

    /** Merged writes name their parameters; each is the record component of that name, in the SQL's order. */
    private static final String ADD = "update counter set n = n + :amount where key = :key";

    private static final String ADD_POSITIONAL = "update counter set n = n + ? where key = ?";
    private static final String SET = "insert into counter (key, n) values (:key, :amount)";
    private static final String SET_POSITIONAL = "insert into counter (key, n) values (?, ?)";

    /** A counter's key and an amount to add to it: the amounts add up. */
    private record Count(String key, int amount) {

        Count plus(Count later) {
            return new Count(key, amount + later.amount);
        }
    }

    private static UnitOfWork<?> start() {
        return DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
    }

    /** One round trip: a statement with the arguments of each of its executions. */
    private record Call(String sql, List<List<Object>> rows) {}

    private static final class RecordingJdbc extends JdbcTemplate {

        final List<Call> calls = new ArrayList<>();

        @Override
        public int update(String sql, Object... args) {
            calls.add(new Call(sql, List.of(List.of(args))));
            return 1;
        }

        @Override
        public int[] batchUpdate(String sql, List<Object[]> batchArgs) {
            calls.add(new Call(sql, batchArgs.stream().map(Arrays::asList).toList()));
            return new int[batchArgs.size()];
        }
    }
}
