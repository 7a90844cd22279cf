package dev.chatsessions.query.projection;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projections' transactions, which commit without waiting for PostgreSQL to flush them to disk
 * ({@code synchronous_commit = off}): the wait for the disk was most of a small batch's commit, five projections
 * each waiting for it after every post. Nothing a {@code 2xx} promises depends on it. A read model is folded again
 * from the event store: a database crash loses at most its last commits, each whole (the rows with the token that
 * says how far they go), and its processor folds those events again from the token it finds. Reads see a commit at
 * once either way. The events themselves are committed by the command side, which waits for the disk.
 */
public final class ProjectionTransactions implements TransactionManager {

    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;

    public ProjectionTransactions(TransactionManager transactions, JdbcTemplate jdbc) {
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = transactions.startTransaction();
        try {
            jdbc.execute("set local synchronous_commit = off");
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
