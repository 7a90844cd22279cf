package dev.chatsessions.query.message;

import dev.chatsessions.api.Feedback;
import dev.chatsessions.api.FeedbackCleared;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.MessagePage;
import dev.chatsessions.api.Rating;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.query.freshness.ReadModelFreshness;
import dev.chatsessions.query.projection.ProjectionWrites;
import dev.chatsessions.query.web.Paging;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The message view: a session's messages, oldest first, with their feedback. Deleting a session removes them. */
@Component
@ProcessingGroup(MessageProjection.NAME)
public class MessageProjection {

    public static final String NAME = "messages";

    private static final RowMapper<MessageView> VIEW = (rs, n) -> new MessageView(
            rs.getObject("id", UUID.class), rs.getObject("session_id", UUID.class), rs.getLong("seq"),
            Role.valueOf(rs.getString("role")), rs.getString("content"), MessageStatus.valueOf(rs.getString("status")),
            rs.getTimestamp("created_at").toInstant(),
            rs.getString("feedback_rating") == null ? null
                    : new Feedback(Rating.valueOf(rs.getString("feedback_rating")), rs.getString("feedback_comment")));

    private final JdbcClient jdbc;
    private final ProjectionWrites writes;
    private final ReadModelFreshness freshness;

    MessageProjection(JdbcClient jdbc, ProjectionWrites writes, ReadModelFreshness freshness) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.freshness = freshness;
    }

    @EventHandler
    void on(SessionCreated event) {
        writes.add("insert into message_session (session_id, owner_id) values (?, ?) on conflict do nothing",
                   event.sessionId(), event.ownerId());
    }

    /** Content that reads as null belongs to a session deleted later, its text erased: nothing to show. */
    @EventHandler
    void on(MessagePosted event, @Timestamp Instant at) {
        if (event.content() == null) {
            return;
        }
        writes.add("""
                       insert into chat_message (id, session_id, seq, role, content, status, created_at)
                       values (?, ?, ?, ?, ?, ?, ?)
                       on conflict do nothing""",
                   event.messageId(), event.sessionId(), event.seq(), event.role().name(), event.content(),
                   event.status().name(), java.sql.Timestamp.from(at));
    }

    /** A comment that reads as null after erasure changes nothing: the session's messages are gone by then. */
    @EventHandler
    void on(FeedbackGiven event) {
        writes.add("update chat_message set feedback_rating = ?, feedback_comment = ? where id = ? and session_id = ?",
                   event.rating().name(), event.comment(), event.messageId(), event.sessionId());
    }

    @EventHandler
    void on(FeedbackCleared event) {
        writes.add("""
                       update chat_message set feedback_rating = null, feedback_comment = null
                       where id = ? and session_id = ?""",
                   event.messageId(), event.sessionId());
    }

    @EventHandler
    void on(SessionDeleted event) {
        writes.add("delete from chat_message where session_id = ?", event.sessionId());
        writes.add("delete from message_session where session_id = ?", event.sessionId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from chat_message").update();
        jdbc.sql("delete from message_session").update();
    }

    @QueryHandler
    Optional<MessagePage> handle(FindMessages query) {
        freshness.await(getClass());
        boolean owned = jdbc.sql("select exists(select 1 from message_session where session_id = ? and owner_id = ?)")
                            .params(query.sessionId(), query.userId())
                            .query(Boolean.class)
                            .single();
        if (!owned) {
            return Optional.empty();
        }
        Long from = query.cursor() == null ? null : Paging.decodeSequence(query.cursor());
        var rows = jdbc.sql(query.newestFirst()
                                    ? "select * from chat_message where session_id = ? and seq < ? order by seq desc limit ?"
                                    : "select * from chat_message where session_id = ? and seq > ? order by seq limit ?")
                       .params(query.sessionId(), from != null ? from : query.newestFirst() ? Long.MAX_VALUE : 0,
                               query.limit() + 1)
                       .query(VIEW)
                       .list();
        return Optional.of(Paging.page(rows, query.limit(), last -> Paging.encodeSequence(last.seq()),
                                       MessagePage::new));
    }
}
