package dev.chatsessions.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * What this node's database connections are told when they open:
 * <ul>
 *   <li>the node's name ({@code chat.node-name}, by default one made at start) as their {@code application_name}: the
 *   notifications its writes raise carry it, so that it can skip its own, and an operator sees in
 *   {@code pg_stat_activity} which node holds which connection;</li>
 *   <li>how long a statement may run and a transaction may sit idle ({@code chat.database.statement-timeout},
 *   {@code chat.database.idle-in-transaction-timeout}). An event's position is taken when it is inserted and seen
 *   by processors when it commits; a processor waits for a position still open for at most Axon's gap timeout (60 s)
 *   before it stops waiting for it, so no transaction may stay open that long.</li>
 * </ul>
 */
public class NodeConnections implements BeanPostProcessor {

    private final String nodeName;
    private final Duration statementTimeout;
    private final Duration idleInTransactionTimeout;

    public NodeConnections(String nodeName, Duration statementTimeout, Duration idleInTransactionTimeout) {
        // it travels in PostgreSQL's application_name (63 bytes) and heads notification payloads up to a space
        if (!nodeName.matches("[A-Za-z0-9_.-]{1,50}")) {
            throw new IllegalArgumentException(
                    "chat.node-name must be 1 to 50 letters, digits, '.', '_' or '-': " + nodeName);
        }
        this.nodeName = nodeName;
        this.statementTimeout = statementTimeout;
        this.idleInTransactionTimeout = idleInTransactionTimeout;
    }

    public String nodeName() {
        return nodeName;
    }

    /**
     * A connection of this node's own, outside the pool and with the pool's settings, named {@code <node> <purpose>}:
     * for a listener, or a presence other nodes look for in {@code pg_stat_activity}.
     */
    public Connection dedicated(HikariDataSource pool, String purpose) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", nodeName + " " + purpose);
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            pool.addDataSourceProperty("ApplicationName", nodeName);
            pool.addDataSourceProperty(
                    "options",
                    "-c statement_timeout=" + statementTimeout.toMillis()
                            + " -c idle_in_transaction_session_timeout="
                            + idleInTransactionTimeout.toMillis());
        }
        return bean;
    }
}
