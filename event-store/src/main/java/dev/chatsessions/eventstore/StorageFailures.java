package dev.chatsessions.eventstore;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the database itself (down, unreachable, restarting, out of connections, a commit whose outcome
 * is unknown) from a failure of the request. The first is worth retrying, and a write that met it may or may not have
 * been stored: the same request repeated with its id or {@code Idempotency-Key} answers the one stored result.
 */
public final class StorageFailures {

    /**
     * SQLSTATE classes: connection exception, transaction rollback (serialization, deadlock), insufficient resources,
     * operator intervention (shutdown, crash recovery).
     */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "40", "53", "57");

    private StorageFailures() {}

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof QueryTimeoutException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            // Every error the server sends has an SQLSTATE; one without comes from the driver or the pool: the
            // connection itself (closed, broken).
            if (t instanceof SQLException sql
                    && (sql.getSQLState() == null
                            || sql.getSQLState().length() < 2
                            || UNAVAILABLE_CLASSES.contains(sql.getSQLState().substring(0, 2)))) {
                return true;
            }
        }
        return false;
    }
}
