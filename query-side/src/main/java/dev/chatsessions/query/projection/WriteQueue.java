package dev.chatsessions.query.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/** The writes of one unit of work, in the order they were made, some merged into writes made earlier. */
final class WriteQueue {

    private final List<Write> writes = new ArrayList<>();
    /** Where the mergeable writes are, by SQL and key. */
    private final Map<List<Object>, Integer> mergeable = new HashMap<>();

    void add(String sql, Object[] args) {
        writes.add(new Write(sql, args, null));
    }

    @SuppressWarnings("unchecked")
    <T extends Record> void merge(Object key, NamedStatement statement, T row, BinaryOperator<T> combine) {
        Integer earlier = mergeable.putIfAbsent(List.of(statement.sql(), key), writes.size());
        if (earlier == null) {
            writes.add(new Write(statement.sql(), statement.args(row), row));
        } else {
            T both = combine.apply((T) writes.get(earlier).row(), row);
            writes.set(earlier, new Write(statement.sql(), statement.args(both), both));
        }
    }

    /** Takes every write out, as runs of consecutive writes with the same SQL. */
    List<Run> drain() {
        List<Run> runs = new ArrayList<>();
        for (Write write : writes) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).sql().equals(write.sql())) {
                runs.add(new Run(write.sql(), new ArrayList<>()));
            }
            runs.get(runs.size() - 1).args().add(write.args());
        }
        writes.clear();
        mergeable.clear();
        return runs;
    }

    /** One statement and the arguments of each of its executions. */
    record Run(String sql, List<Object[]> args) {}

    /** A write; a mergeable one with the row its arguments were taken from. */
    private record Write(String sql, Object[] args, Record row) {}
}
