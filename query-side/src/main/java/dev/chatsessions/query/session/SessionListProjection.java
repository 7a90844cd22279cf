package dev.chatsessions.query.session;

import dev.chatsessions.api.FindSession;
import dev.chatsessions.api.FindSessions;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.SessionArchived;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionImported;
import dev.chatsessions.api.SessionPage;
import dev.chatsessions.api.SessionPinned;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.SessionStart;
import dev.chatsessions.api.SessionUnarchived;
import dev.chatsessions.api.SessionUnpinned;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.paging.Paging;
import dev.chatsessions.query.projection.Owners;
import dev.chatsessions.query.projection.ProjectionWrites;
import java.time.Instant;
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

/**
 * The sessions dropdown: a project's sessions, pinned first, then most recently updated; archived ones apart. Keeps its own record of which user
 * owns which project, so that it can tell an empty project from someone else's.
 */
@Component
@ProcessingGroup(SessionListProjection.NAME)
public class SessionListProjection {

    public static final String NAME = "sessions";

    private static final RowMapper<SessionView> VIEW = (rs, n) -> new SessionView(
            rs.getObject("id", UUID.class),
            rs.getObject("project_id", UUID.class),
            rs.getString("name"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant(),
            rs.getLong("message_count"),
            rs.getTimestamp("last_message_at") == null
                    ? null
                    : rs.getTimestamp("last_message_at").toInstant(),
            rs.getTimestamp("original_created_at") == null
                    ? null
                    : rs.getTimestamp("original_created_at").toInstant(),
            rs.getBoolean("pinned"),
            rs.getBoolean("archived"));

    private static final String LAST_MESSAGE = LastMessage.update("chat_session");

    private static final Owners OWNERS = new Owners("session_list_project", "project_id");

    private final JdbcClient jdbc;
    private final ProjectionWrites writes;

    SessionListProjection(JdbcClient jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(ProjectCreated event) {
        OWNERS.add(writes, event.projectId(), event.ownerId());
    }

    /**
     * A session created, forked or imported (one handler for the sealed type: read-your-writes waits for each of its
     * events). One whose name reads as null was deleted later and its text erased: it is not listed.
     */
    @EventHandler
    void on(SessionStart event, @Timestamp Instant at) {
        if (event.name() == null) {
            return;
        }
        Instant original = event instanceof SessionImported imported ? imported.originalCreatedAt() : null;
        writes.add(
                """
                       insert into chat_session (id, project_id, owner_id, name, created_at, updated_at,
                                                 original_created_at)
                       values (?, ?, ?, ?, ?, ?, ?)
                       on conflict (id) do nothing""",
                event.sessionId(),
                event.projectId(),
                event.ownerId(),
                event.name(),
                java.sql.Timestamp.from(at),
                java.sql.Timestamp.from(at),
                original == null ? null : java.sql.Timestamp.from(original));
    }

    @EventHandler
    void on(SessionRenamed event, @Timestamp Instant at) {
        if (event.name() == null) {
            return;
        }
        writes.add(
                "update chat_session set name = ?, updated_at = greatest(updated_at, ?) where id = ?",
                event.name(),
                java.sql.Timestamp.from(at),
                event.sessionId());
    }

    /**
     * A batch's updates of one session are merged into one (see {@link LastMessage}): {@code updated_at} is indexed, so that each update of the row adds index entries, and the next update
     * in the same transaction has to look past all of them.
     */
    @EventHandler
    void on(MessagePosted event, @Timestamp Instant at) {
        writes.merge(event.sessionId(), LAST_MESSAGE, LastMessage.of(event, at), LastMessage::andThen);
    }

    @EventHandler
    void on(SessionPinned event) {
        writes.add("update chat_session set pinned = true where id = ?", event.sessionId());
    }

    @EventHandler
    void on(SessionUnpinned event) {
        writes.add("update chat_session set pinned = false where id = ?", event.sessionId());
    }

    @EventHandler
    void on(SessionArchived event) {
        writes.add("update chat_session set archived = true where id = ?", event.sessionId());
    }

    @EventHandler
    void on(SessionUnarchived event) {
        writes.add("update chat_session set archived = false where id = ?", event.sessionId());
    }

    @EventHandler
    void on(SessionDeleted event) {
        writes.add("delete from chat_session where id = ?", event.sessionId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from chat_session").update();
        jdbc.sql("delete from session_list_project").update();
    }

    @QueryHandler
    Optional<SessionPage> handle(FindSessions query) {
        if (!OWNERS.owns(jdbc, query.projectId(), query.userId())) {
            return Optional.empty();
        }
        var after = query.cursor() == null ? null : Position.decode(query.cursor());
        var sql = jdbc.sql("select * from chat_session where project_id = :project and archived = :archived"
                        + (after == null ? "" : " and (pinned, updated_at, id) < (:afterPinned, :afterAt, :afterId)")
                        + " order by pinned desc, updated_at desc, id desc limit :limit")
                .param("project", query.projectId())
                .param("archived", query.archived())
                .param("limit", query.limit() + 1);
        if (after != null) {
            sql = sql.param("afterPinned", after.pinned())
                    .param("afterAt", java.sql.Timestamp.from(after.at().at()))
                    .param("afterId", after.at().id());
        }
        return Optional.of(Paging.page(
                sql.query(VIEW).list(),
                query.limit(),
                last -> new Position(last.pinned(), new Paging.TimeAndId(last.updatedAt(), last.id())).encode(),
                SessionPage::new));
    }

    /**
     * Position in the list: a pinned session's cursor starts with "p.", the others' are those of a list ordered by
     * time and id alone, as before sessions could be pinned.
     */
    record Position(boolean pinned, Paging.TimeAndId at) {

        private static final String PINNED = "p.";

        String encode() {
            return (pinned ? PINNED : "") + at.encode();
        }

        static Position decode(String cursor) {
            boolean pinned = cursor.startsWith(PINNED);
            return new Position(pinned, Paging.TimeAndId.decode(pinned ? cursor.substring(PINNED.length()) : cursor));
        }
    }

    @QueryHandler
    Optional<SessionView> handle(FindSession query) {
        return jdbc.sql("select * from chat_session where id = ? and owner_id = ?")
                .params(query.sessionId(), query.userId())
                .query(VIEW)
                .optional();
    }
}
