package dev.chatsessions.command.assistant;

import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.ReplyStarted;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code reply_progress} table: which replies are running and their text so far. Its rows follow the events in
 * the same transaction (a subscribing processor whose failures fail the command), so that a reply that started is
 * always found again after a crash.
 */
@Component
@ProcessingGroup(ReplyProgress.GROUP)
public class ReplyProgress {

    public static final String GROUP = "reply-progress";

    private final JdbcClient jdbc;

    ReplyProgress(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ReplyStarted event, @Timestamp Instant at) {
        jdbc.sql("""
                     insert into reply_progress (reply_id, session_id, started_at, heartbeat_at) values (?, ?, ?, ?)
                     on conflict (reply_id) do nothing""")
            .params(event.replyId(), event.sessionId(), java.sql.Timestamp.from(at), java.sql.Timestamp.from(Instant.now()))
            .update();
    }

    @EventHandler
    void on(MessagePosted event) {
        if (event.role() == Role.ASSISTANT) {
            remove(event.messageId());
        }
    }

    @EventHandler
    void on(SessionDeleted event) {
        jdbc.sql("delete from reply_progress where session_id = ?").param(event.sessionId()).update();
    }

    /** Saves the text so far; also the heartbeat that tells this reply is still alive. */
    void save(UUID replyId, String content) {
        jdbc.sql("update reply_progress set content = ?, heartbeat_at = now() where reply_id = ?")
            .params(content, replyId)
            .update();
    }

    void remove(UUID replyId) {
        jdbc.sql("delete from reply_progress where reply_id = ?").param(replyId).update();
    }

    /** Replies whose heartbeat stopped at least {@code silence} ago. */
    List<Orphan> silentFor(Duration silence) {
        return jdbc.sql("""
                            select reply_id, session_id, content, started_at, heartbeat_at from reply_progress
                            where heartbeat_at < now() - make_interval(secs => ?)""")
                   .param(silence.toMillis() / 1000.0)
                   .query((rs, n) -> new Orphan(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                                rs.getString(3), rs.getTimestamp(4).toInstant(),
                                                rs.getTimestamp(5).toInstant()))
                   .list();
    }

    record Orphan(UUID replyId, UUID sessionId, String content, Instant startedAt, Instant lastHeartbeat) {
    }
}
