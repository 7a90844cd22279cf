package dev.chatsessions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A projection's transaction commits without waiting for the disk; nothing else's does. */
class ProjectionTransactionsIntegrationTest {

    private final ReadModelDatabase database = ReadModelDatabase.shared();
    private final JdbcTemplate jdbc = database.jdbcTemplate();
    private final SpringTransactionManager transactions = new SpringTransactionManager(database.transactionManager());

    /** The embedded PostgreSQL of the tests does not wait for the disk at all unless told to, as a deployment does. */
    @BeforeEach
    void commitsWaitForTheDisk() {
        jdbc.execute("alter database postgres set synchronous_commit = on");
    }

    @AfterEach
    void asBefore() {
        jdbc.execute("alter database postgres reset synchronous_commit");
        database.clear();
    }

    @Test
    void aProjectionsTransactionCommitsWithoutWaitingForTheDiskAndLeavesTheConnectionAsItWas() {
        Transaction transaction = new ProjectionTransactions(transactions, jdbc).startTransaction();
        String inside = synchronousCommit();
        jdbc.update(
                "insert into project (id, owner_id, name, created_at) values (gen_random_uuid(), 'alice', 'async', now())");
        transaction.commit();

        assertThat(inside).isEqualTo("off");
        assertThat(jdbc.queryForObject("select count(*) from project where name = 'async'", Long.class))
                .isEqualTo(1);
        assertThat(transactions.fetchInTransaction(this::synchronousCommit))
                .as("the next transaction on the pool's connections, a command's say")
                .isEqualTo("on");
    }

    private String synchronousCommit() {
        return jdbc.queryForObject("show synchronous_commit", String.class);
    }
}
