package dev.chatsessions.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * What the other nodes on this database tell this one, through PostgreSQL's LISTEN/NOTIFY: one connection of its own
 * listens, and each notification from another node (its payload starts with that node's name) goes to the handlers of
 * its channel. Notifications are a wake-up, never the only way to learn something: while the connection is down they
 * are lost, so on every (re)connection the {@link #onReconnect} handlers run (drop whatever may be stale), and a
 * broken connection is noticed within {@link #KEEPALIVE}. It listens to every channel something subscribed to; a
 * channel first subscribed to while listening is listened to within {@link #KEEPALIVE}.
 */
public class NodeNotifications implements SmartLifecycle {

    public static final String EVENTS = "chat_events";
    public static final String DESTROYED_KEYS = "chat_session_keys";
    private static final Duration KEEPALIVE = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(NodeNotifications.class);

    private final NodeConnections connections;
    private final String nodeName;
    private final HikariDataSource dataSource;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>(
            Map.of(EVENTS, new CopyOnWriteArrayList<>(), DESTROYED_KEYS, new CopyOnWriteArrayList<>()));
    private final List<Runnable> reconnectHandlers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread listener;

    public NodeNotifications(NodeConnections connections, HikariDataSource dataSource) {
        this.connections = connections;
        this.nodeName = connections.nodeName();
        this.dataSource = dataSource;
    }

    public String nodeName() {
        return nodeName;
    }

    /**
     * {@code handler} gets the payload (less the node name) of each notification another node sends on it. A channel
     * first subscribed to after the start is listened to from the next notification or keepalive on.
     */
    public void subscribe(String channel, Consumer<String> handler) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain channel name: " + channel);
        }
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Tells the other nodes {@code data} on {@code channel}, at once (not within a transaction of the caller's). */
    public void tell(String channel, String data) {
        try (Connection connection = dataSource.getConnection();
                var statement = connection.prepareStatement("select pg_notify(?, ?)")) {
            statement.setString(1, channel);
            statement.setString(2, nodeName + " " + data);
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not tell the other nodes on " + channel, e);
        }
    }

    /** {@code handler} runs whenever listening (re)starts: notifications may have been missed. */
    public void onReconnect(Runnable handler) {
        reconnectHandlers.add(handler);
    }

    @Override
    public void start() {
        running = true;
        listener = DaemonThreads.named("node-notifications-").newThread(this::listen);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        boolean reported = false;
        while (running) {
            try (Connection connection = connect()) {
                Set<String> listening = new HashSet<>();
                listenToNewChannels(connection, listening);
                reconnectHandlers.forEach(Runnable::run);
                reported = false;
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications((int) KEEPALIVE.toMillis());
                    listenToNewChannels(connection, listening);
                    if (received == null || received.length == 0) {
                        try (Statement keepalive = connection.createStatement()) {
                            keepalive.execute("select 1");
                        }
                        continue;
                    }
                    for (PGNotification notification : received) {
                        dispatch(notification.getName(), notification.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    if (!reported) {
                        log.warn("Not listening to the other nodes ({}); trying again every {}", e.toString(), RETRY);
                        reported = true;
                    }
                    pause();
                }
            }
        }
    }

    private void listenToNewChannels(Connection connection, Set<String> listening) throws SQLException {
        for (String channel : handlers.keySet()) {
            if (listening.add(channel)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + channel);
                }
            }
        }
    }

    private void dispatch(String channel, String payload) {
        int space = payload.indexOf(' ');
        if (space < 0 || payload.substring(0, space).equals(nodeName)) {
            return;
        }
        String data = payload.substring(space + 1);
        for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
            try {
                handler.accept(data);
            } catch (RuntimeException e) {
                log.warn("A handler of {} failed on {}", channel, data, e);
            }
        }
    }

    private Connection connect() throws SQLException {
        return connections.dedicated(dataSource, "listener");
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
