package dev.chatsessions.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.axonframework.common.jdbc.JdbcException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

class StorageFailuresTest {

    @Test
    void aLostOrClosedConnectionIsUnavailable() {
        assertThat(StorageFailures.isUnavailable(new JdbcException(
                        "Failed to create a SQL statement", new SQLException("Connection is closed"))))
                .isTrue();
        assertThat(StorageFailures.isUnavailable(new SQLException("I/O error", "08006")))
                .isTrue();
        assertThat(StorageFailures.isUnavailable(new DataAccessResourceFailureException("reset")))
                .isTrue();
    }

    @Test
    void aCommitWhoseOutcomeIsUnknownIsUnavailable() {
        assertThat(StorageFailures.isUnavailable(new TransactionSystemException("Could not commit JDBC transaction")))
                .isTrue();
    }

    @Test
    void aServerShuttingDownOrRecoveringIsUnavailable() {
        assertThat(StorageFailures.isUnavailable(new SQLException("terminating connection", "57P01")))
                .isTrue();
        assertThat(StorageFailures.isUnavailable(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
    }

    @Test
    void aRuleTheDataBreaksIsNot() {
        assertThat(StorageFailures.isUnavailable(
                        new DataIntegrityViolationException("duplicate", new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(StorageFailures.isUnavailable(new IllegalStateException("bug")))
                .isFalse();
    }
}
