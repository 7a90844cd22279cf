package dev.chatsessions.command.assistant;

import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.ReplyStarted;
import dev.chatsessions.api.Role;
import dev.chatsessions.command.erasure.SessionTextOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code reply_progress} table and its {@code reply_chunk}s: which replies are running, their heartbeats, stops
 * asked for and their text so far. Its rows follow the events in the same transaction (a subscribing processor whose
 * failures fail the command), so that a reply that started is always found again after a crash; a row's chunks go
 * with it (the foreign key cascades).
 */
@Component
@ProcessingGroup(ReplyProgress.GROUP)
public class ReplyProgress implements SessionTextOwner {

    public static final String GROUP = "reply-progress";

    private final JdbcClient jdbc;

    ReplyProgress(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ReplyStarted event, @Timestamp Instant at) {
        jdbc.sql("""
                     insert into reply_progress (reply_id, session_id, started_at, heartbeat_at) values (?, ?, ?, now())
                     on conflict (reply_id) do nothing""")
                .params(event.replyId(), event.sessionId(), java.sql.Timestamp.from(at))
                .update();
    }

    @EventHandler
    void on(MessagePosted event) {
        if (event.role() == Role.ASSISTANT) {
            remove(event.messageId());
        }
    }

    /** A running reply's heartbeat with the text added since its last one, starting at {@code position}. */
    record Beat(UUID replyId, int position, String text) {}

    /**
     * The heartbeats that tell replies are still alive, each with its text added since the last one (empty when
     * nothing was added): one statement for all of them, however many replies run. Answers which replies are to go
     * on: not one whose stop was asked for, nor one whose row is gone (its session was deleted, or it was closed as
     * orphaned).
     */
    Set<UUID> beat(List<Beat> beats) {
        if (beats.isEmpty()) {
            return Set.of();
        }
        // The heartbeats first: they lock the rows, so that a reply whose row another transaction deletes meanwhile
        // (its reply saved, its session deleted) gets no chunk, rather than failing everyone's beat on the foreign key.
        return new HashSet<>(jdbc.sql("""
                        with beat as (select * from unnest(?::uuid[], ?::integer[], ?::text[]) as b(reply_id, position, text)),
                             beaten as (update reply_progress p set heartbeat_at = now() from beat b
                                        where p.reply_id = b.reply_id returning p.reply_id, p.stop_requested),
                             chunk as (insert into reply_chunk (reply_id, position, text)
                                       select b.reply_id, b.position, b.text from beat b join beaten using (reply_id)
                                       where b.text <> ''
                                       -- a beat repeated after its commit was answered by an error: the text from that
                                       -- position again, now longer
                                       on conflict (reply_id, position) do update set text = excluded.text)
                        select reply_id from beaten where not stop_requested""")
                .params(
                        beats.stream().map(Beat::replyId).toArray(UUID[]::new),
                        beats.stream().map(Beat::position).toArray(Integer[]::new),
                        beats.stream().map(Beat::text).toArray(String[]::new))
                .query(UUID.class)
                .list());
    }

    /** Asks the node generating the reply to stop it; false when the reply is no longer running. */
    boolean requestStop(UUID replyId) {
        return jdbc.sql("update reply_progress set stop_requested = true where reply_id = ?")
                        .param(replyId)
                        .update()
                > 0;
    }

    boolean isRunning(UUID replyId) {
        return jdbc.sql("select count(*) from reply_progress where reply_id = ?")
                        .param(replyId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The reply's stored text from {@code position} on (empty when none is stored there yet). */
    String textFrom(UUID replyId, int position) {
        List<Chunk> chunks = jdbc.sql("""
                                          select position, text from reply_chunk where reply_id = ? and position >= coalesce(
                                              (select max(position) from reply_chunk where reply_id = ? and position <= ?), 0)
                                          order by position""")
                .params(replyId, replyId, position)
                .query((rs, n) -> new Chunk(rs.getInt(1), rs.getString(2)))
                .list();
        var text = new StringBuilder();
        int next = position;
        for (Chunk chunk : chunks) {
            if (chunk.position() > next) {
                break; // never skip text
            }
            int end = chunk.position() + chunk.text().length();
            if (end > next) {
                text.append(chunk.text(), next - chunk.position(), chunk.text().length());
                next = end;
            }
        }
        return text.toString();
    }

    /** A deleted session's reply in progress, with its stored text (its chunks go with its row). */
    @Override
    public void forget(UUID sessionId) {
        jdbc.sql("delete from reply_progress where session_id = ?")
                .param(sessionId)
                .update();
    }

    void remove(UUID replyId) {
        jdbc.sql("delete from reply_progress where reply_id = ?").param(replyId).update();
    }

    /** Replies whose heartbeat stopped at least {@code silence} ago, with their text stored so far. */
    List<Orphan> silentFor(Duration silence) {
        return jdbc.sql("""
                            select p.reply_id, p.session_id,
                                   coalesce((select string_agg(c.text, '' order by c.position) from reply_chunk c
                                             where c.reply_id = p.reply_id), ''),
                                   p.started_at, p.heartbeat_at
                            from reply_progress p
                            where p.heartbeat_at < now() - make_interval(secs => ?)""")
                .param(silence.toMillis() / 1000.0)
                .query((rs, n) -> new Orphan(
                        new ReplyRef(rs.getObject(2, UUID.class), rs.getObject(1, UUID.class)),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    private record Chunk(int position, String text) {}

    record Orphan(ReplyRef reply, String content, Instant startedAt, Instant lastHeartbeat) {}
}
