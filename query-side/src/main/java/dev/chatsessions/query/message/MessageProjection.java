package dev.chatsessions.query.message;

import dev.chatsessions.api.Feedback;
import dev.chatsessions.api.FeedbackCleared;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.MessagePage;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.Rating;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionImported;
import dev.chatsessions.api.SessionStart;
import dev.chatsessions.query.paging.Paging;
import dev.chatsessions.query.projection.Owners;
import dev.chatsessions.query.projection.ProjectionWrites;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The message view: a session's messages, oldest first, with their feedback. Deleting a session removes them. */
@Component
@ProcessingGroup(MessageProjection.NAME)
public class MessageProjection {

    public static final String NAME = "messages";

    private static final RowMapper<MessageView> VIEW = (rs, n) -> new MessageView(
            rs.getObject("id", UUID.class),
            rs.getObject("session_id", UUID.class),
            rs.getLong("seq"),
            Role.valueOf(rs.getString("role")),
            rs.getString("content"),
            MessageStatus.valueOf(rs.getString("status")),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("original_created_at") == null
                    ? null
                    : rs.getTimestamp("original_created_at").toInstant(),
            rs.getString("feedback_rating") == null
                    ? null
                    : new Feedback(Rating.valueOf(rs.getString("feedback_rating")), rs.getString("feedback_comment")));

    /** A session's messages with the original times of imported ones. */
    private static final String MESSAGES = """
            select m.*, t.original_created_at from chat_message m
            left join imported_message_time t on t.session_id = m.session_id and t.seq = m.seq
            where m.session_id = ?""";

    private static final Owners OWNERS = new Owners("message_session", "session_id");

    private final JdbcClient jdbc;
    private final ProjectionWrites writes;

    MessageProjection(JdbcClient jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /**
     * A session created, forked or imported (one handler for the sealed type: read-your-writes waits for each of its
     * events); an imported one's original message times, where known.
     */
    @EventHandler
    void on(SessionStart event) {
        OWNERS.add(writes, event.sessionId(), event.ownerId());
        if (event instanceof SessionImported imported) {
            List<Instant> times = imported.messagesOriginalCreatedAt();
            for (int i = 0; i < times.size(); i++) {
                if (times.get(i) != null) {
                    writes.add("""
                                   insert into imported_message_time (session_id, seq, original_created_at)
                                   values (?, ?, ?) on conflict do nothing""", imported.sessionId(), i + 1L, java.sql.Timestamp.from(times.get(i)));
                }
            }
        }
    }

    /** Content that reads as null belongs to a session deleted later, its text erased: nothing to show. */
    @EventHandler
    void on(MessagePosted event, @Timestamp Instant at) {
        if (event.content() == null) {
            return;
        }
        writes.add(
                """
                       insert into chat_message (id, session_id, seq, role, content, status, created_at)
                       values (?, ?, ?, ?, ?, ?, ?)
                       on conflict do nothing""",
                event.messageId(),
                event.sessionId(),
                event.seq(),
                event.role().name(),
                event.content(),
                event.status().name(),
                java.sql.Timestamp.from(at));
    }

    /** A comment that reads as null after erasure changes nothing: the session's messages are gone by then. */
    @EventHandler
    void on(FeedbackGiven event) {
        writes.add(
                "update chat_message set feedback_rating = ?, feedback_comment = ? where id = ? and session_id = ?",
                event.rating().name(),
                event.comment(),
                event.messageId(),
                event.sessionId());
    }

    @EventHandler
    void on(FeedbackCleared event) {
        writes.add("""
                       update chat_message set feedback_rating = null, feedback_comment = null
                       where id = ? and session_id = ?""", event.messageId(), event.sessionId());
    }

    @EventHandler
    void on(SessionDeleted event) {
        writes.add("delete from chat_message where session_id = ?", event.sessionId());
        writes.add("delete from message_session where session_id = ?", event.sessionId());
        writes.add("delete from imported_message_time where session_id = ?", event.sessionId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from chat_message").update();
        jdbc.sql("delete from message_session").update();
        jdbc.sql("delete from imported_message_time").update();
    }

    @QueryHandler
    Optional<MessagePage> handle(FindMessages query) {
        if (!OWNERS.owns(jdbc, query.sessionId(), query.userId())) {
            return Optional.empty();
        }
        Long from = query.cursor() == null ? null : Paging.decodeSequence(query.cursor());
        var rows = jdbc.sql(
                        query.newestFirst()
                                ? MESSAGES + " and m.seq < ? order by m.seq desc limit ?"
                                : MESSAGES + " and m.seq > ? order by m.seq limit ?")
                .params(
                        query.sessionId(),
                        from != null ? from : query.newestFirst() ? Long.MAX_VALUE : 0,
                        query.limit() + 1)
                .query(VIEW)
                .list();
        return Optional.of(
                Paging.page(rows, query.limit(), last -> Paging.encodeSequence(last.seq()), MessagePage::new));
    }
}
