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
        writes.merge("x", "update counter", ProjectionWritesTest::add, "x", 1);
        writes.merge("y", "update counter", ProjectionWritesTest::add, "y", 10);
        writes.add("insert a", 0);
        writes.merge("x", "update counter", ProjectionWritesTest::add, "x", 2);
        writes.merge("x", "update other", ProjectionWritesTest::add, "x", 100);
        writes.merge("x", "update counter", ProjectionWritesTest::add, "x", 4);

        unitOfWork.commit();

        assertThat(jdbc.calls)
                .containsExactly(
                        new Call("update counter", List.of(List.of("x", 7), List.of("y", 10))),
                        new Call("insert a", List.of(List.of(0))),
                        new Call("update other", List.of(List.of("x", 100))));
    }

    @Test
    void handsTheEarlierWriteFirstToTheMerge() {
        UnitOfWork<?> unitOfWork = start();
        writes.merge("x", "update last", (earlier, later) -> later, "first");
        writes.merge("x", "update last", (earlier, later) -> later, "second");

        unitOfWork.commit();

        assertThat(jdbc.calls).containsExactly(new Call("update last", List.of(List.of("second"))));
    }

    @Test
    void mergesNothingIntoAWriteThatHasRun() {
        UnitOfWork<?> unitOfWork = start();
        writes.merge("x", "update counter", ProjectionWritesTest::add, "x", 1);
        writes.flush();
        writes.merge("x", "update counter", ProjectionWritesTest::add, "x", 2);

        unitOfWork.commit();

        assertThat(jdbc.calls)
                .containsExactly(
                        new Call("update counter", List.of(List.of("x", 1))),
                        new Call("update counter", List.of(List.of("x", 2))));
    }

    @Test
    void runsAMergeableWriteAtOnceOutsideAUnitOfWork() {
        writes.merge("x", "update counter", ProjectionWritesTest::add, "x", 1);
        writes.merge("x", "update counter", ProjectionWritesTest::add, "x", 2);

        assertThat(jdbc.calls)
                .containsExactly(
                        new Call("update counter", List.of(List.of("x", 1))),
                        new Call("update counter", List.of(List.of("x", 2))));
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

    /** Arguments (key, amount): the amounts add up. */
    private static Object[] add(Object[] earlier, Object[] later) {
        return new Object[] {earlier[0], (int) earlier[1] + (int) later[1]};
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
