package dev.chatsessions.query.search;

import dev.chatsessions.api.Feedback;
import dev.chatsessions.api.FeedbackCleared;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.Rating;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SearchHit;
import dev.chatsessions.api.SearchPage;
import dev.chatsessions.api.SearchSessions;
import dev.chatsessions.api.SessionArchived;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionPinned;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.SessionStart;
import dev.chatsessions.api.SessionUnarchived;
import dev.chatsessions.api.SessionUnpinned;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.BadQuery;
import dev.chatsessions.query.paging.InvalidPaging;
import dev.chatsessions.query.paging.Paging;
import dev.chatsessions.query.projection.Owners;
import dev.chatsessions.query.projection.ProjectionWrites;
import dev.chatsessions.query.session.LastMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
 * Search: a project's sessions whose name or messages hold the words asked for, best first. Full-text search
 * ({@code websearch_to_tsquery} with the 'simple' configuration: words, "phrases", -exclusions, in any language);
 * when no whole word matches, the text is looked for as a part of names and messages (trigram indexes), so that a
 * partial word still finds something. One result per session, with its best matching text. Keeps its own copy of
 * the sessions and messages, so that it can be replayed alone; deleting a session removes it in the same fold.
 */
@Component
@ProcessingGroup(SearchProjection.NAME)
public class SearchProjection {

    public static final String NAME = "search";
    public static final int MAX_TEXT_LENGTH = 500;

    private static final String HIGHLIGHT = "**";

    /** Each session's best match, ranked; a name match weighs twice a message's. */
    private static final String FULL_TEXT_HITS = """
            with query as (select websearch_to_tsquery('simple', :text) as q),
            hits as (
                select s.id as session_id, null::uuid as message_id, ts_rank(s.words, query.q)::float8 * 2 as rank
                from search_session s, query
                where s.project_id = :project and s.words @@ query.q
                union all
                select m.session_id, m.id, ts_rank(m.words, query.q)::float8
                from search_message m, query
                where m.project_id = :project and m.words @@ query.q
            )""";

    private static final String PARTIAL_HITS = """
            with hits as (
                select s.id as session_id, null::uuid as message_id,
                       word_similarity(:text, s.name)::float8 * 2 as rank
                from search_session s
                where s.project_id = :project and s.name ilike :pattern
                union all
                select m.session_id, m.id, word_similarity(:text, m.content)::float8
                from search_message m
                where m.project_id = :project and m.content ilike :pattern
            )""";

    private static final String BEST_PER_SESSION = """
            , best as (
                select distinct on (session_id) session_id, message_id, rank
                from hits order by session_id, rank desc, message_id nulls first
            )
            select b.rank, s.*, m.id as m_id, m.seq as m_seq, m.role as m_role, m.content as m_content,
                   m.status as m_status, m.created_at as m_created_at, m.feedback_rating as m_feedback_rating,
                   m.feedback_comment as m_feedback_comment, %s as snippet
            from best b
            join search_session s on s.id = b.session_id
            left join search_message m on m.id = b.message_id
            where true %s
            order by b.rank desc, b.session_id desc
            limit :limit""";

    private static final String HEADLINE = "ts_headline('simple', coalesce(m.content, s.name), "
            + "websearch_to_tsquery('simple', :text), "
            + "'StartSel=\"**\", StopSel=\"**\", MaxWords=30, MinWords=12, "
            + "MaxFragments=1, FragmentDelimiter=\" … \"')";

    /** The session's count and times, as the sessions projection keeps them. */
    private static final String LAST_MESSAGE = LastMessage.update("search_session");

    private static final Owners OWNERS = new Owners("search_project", "project_id");

    private final JdbcClient jdbc;
    private final ProjectionWrites writes;

    SearchProjection(JdbcClient jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(ProjectCreated event) {
        OWNERS.add(writes, event.projectId(), event.ownerId());
    }

    /**
     * A session created, forked or imported (one handler for the sealed type: read-your-writes waits for each of its
     * events). A name that reads as null belongs to a session deleted later, its text erased: nothing to find.
     */
    @EventHandler
    void on(SessionStart event, @Timestamp Instant at) {
        if (event.name() == null) {
            return;
        }
        writes.add(
                """
                       insert into search_session (id, project_id, name, created_at, updated_at)
                       values (?, ?, ?, ?, ?) on conflict (id) do nothing""",
                event.sessionId(),
                event.projectId(),
                event.name(),
                java.sql.Timestamp.from(at),
                java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(SessionRenamed event, @Timestamp Instant at) {
        if (event.name() == null) {
            return;
        }
        writes.add(
                "update search_session set name = ?, updated_at = greatest(updated_at, ?) where id = ?",
                event.name(),
                java.sql.Timestamp.from(at),
                event.sessionId());
    }

    /** The message, indexed, and the session's count and times, as the sessions projection keeps them. */
    @EventHandler
    void on(MessagePosted event, @Timestamp Instant at) {
        if (event.content() == null) {
            return;
        }
        writes.add(
                """
                       insert into search_message (id, session_id, project_id, seq, role, content, status, created_at)
                       select ?, id, project_id, ?, ?, ?, ?, ? from search_session where id = ?
                       on conflict do nothing""",
                event.messageId(),
                event.seq(),
                event.role().name(),
                event.content(),
                event.status().name(),
                java.sql.Timestamp.from(at),
                event.sessionId());
        writes.merge(event.sessionId(), LAST_MESSAGE, LastMessage.of(event, at), LastMessage::andThen);
    }

    @EventHandler
    void on(SessionPinned event) {
        writes.add("update search_session set pinned = true where id = ?", event.sessionId());
    }

    @EventHandler
    void on(SessionUnpinned event) {
        writes.add("update search_session set pinned = false where id = ?", event.sessionId());
    }

    @EventHandler
    void on(SessionArchived event) {
        writes.add("update search_session set archived = true where id = ?", event.sessionId());
    }

    @EventHandler
    void on(SessionUnarchived event) {
        writes.add("update search_session set archived = false where id = ?", event.sessionId());
    }

    @EventHandler
    void on(FeedbackGiven event) {
        writes.add(
                "update search_message set feedback_rating = ?, feedback_comment = ? where id = ? and session_id = ?",
                event.rating().name(),
                event.comment(),
                event.messageId(),
                event.sessionId());
    }

    @EventHandler
    void on(FeedbackCleared event) {
        writes.add("""
                       update search_message set feedback_rating = null, feedback_comment = null
                       where id = ? and session_id = ?""", event.messageId(), event.sessionId());
    }

    @EventHandler
    void on(SessionDeleted event) {
        writes.add("delete from search_message where session_id = ?", event.sessionId());
        writes.add("delete from search_session where id = ?", event.sessionId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from search_message").update();
        jdbc.sql("delete from search_session").update();
        jdbc.sql("delete from search_project").update();
    }

    @QueryHandler
    Optional<SearchPage> handle(SearchSessions query) {
        if (!OWNERS.owns(jdbc, query.projectId(), query.userId())) {
            return Optional.empty();
        }
        String text = query.text() == null ? "" : query.text().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            throw new BadQuery("q", "must be 1 to " + MAX_TEXT_LENGTH + " characters");
        }
        Position after = query.cursor() == null ? null : Position.decode(query.cursor());
        boolean partial = after != null ? after.partial() : false;
        List<Hit> rows = hits(query, text, partial, after);
        if (after == null && rows.isEmpty() && partialMatchable(text)) {
            partial = true;
            rows = hits(query, text, true, null);
        }
        boolean partialRows = partial;
        return Optional.of(Paging.page(
                rows,
                query.limit(),
                last -> new Position(
                                partialRows, last.rank(), last.hit().session().id())
                        .encode(),
                (items, next) -> new SearchPage(items.stream().map(Hit::hit).toList(), next)));
    }

    /** A text with no search syntax in it, which may be a part of a word. */
    private static boolean partialMatchable(String text) {
        return text.indexOf('"') < 0
                && !text.startsWith("-")
                && !text.toLowerCase(Locale.ROOT).contains(" or ");
    }

    private List<Hit> hits(SearchSessions query, String text, boolean partial, Position after) {
        String sql = (partial ? PARTIAL_HITS : FULL_TEXT_HITS)
                + BEST_PER_SESSION.formatted(
                        partial ? "null" : HEADLINE,
                        after == null ? "" : "and (b.rank, b.session_id) < (:afterRank, :afterId)");
        var statement = jdbc.sql(sql)
                .param("text", text)
                .param("project", query.projectId())
                .param("limit", query.limit() + 1);
        if (partial) {
            statement = statement.param(
                    "pattern",
                    "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (after != null) {
            statement = statement.param("afterRank", after.rank()).param("afterId", after.sessionId());
        }
        return statement.query(hitMapper(partial ? text : null)).list();
    }

    private record Hit(double rank, SearchHit hit) {}

    private static RowMapper<Hit> hitMapper(String partialText) {
        return (rs, n) -> {
            SessionView session = session(rs);
            MessageView message = rs.getObject("m_id") == null ? null : message(rs, session.id());
            String matched = message != null ? message.content() : session.name();
            String snippet = partialText == null ? rs.getString("snippet") : around(matched, partialText);
            return new Hit(rs.getDouble("rank"), new SearchHit(session, message, snippet));
        };
    }

    private static SessionView session(ResultSet rs) throws SQLException {
        java.sql.Timestamp last = rs.getTimestamp("last_message_at");
        return new SessionView(
                rs.getObject("id", UUID.class),
                rs.getObject("project_id", UUID.class),
                rs.getString("name"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("message_count"),
                last == null ? null : last.toInstant(),
                rs.getBoolean("pinned"),
                rs.getBoolean("archived"));
    }

    private static MessageView message(ResultSet rs, UUID sessionId) throws SQLException {
        String rating = rs.getString("m_feedback_rating");
        return new MessageView(
                rs.getObject("m_id", UUID.class),
                sessionId,
                rs.getLong("m_seq"),
                Role.valueOf(rs.getString("m_role")),
                rs.getString("m_content"),
                MessageStatus.valueOf(rs.getString("m_status")),
                rs.getTimestamp("m_created_at").toInstant(),
                rating == null ? null : new Feedback(Rating.valueOf(rating), rs.getString("m_feedback_comment")));
    }

    /** Some words either side of the first place the text occurs (ignoring case), the occurrence highlighted. */
    static String around(String content, String text) {
        int at = content.toLowerCase(Locale.ROOT).indexOf(text.toLowerCase(Locale.ROOT));
        if (at < 0) {
            return content.length() <= 200 ? content : content.substring(0, 200) + " …";
        }
        int from = Math.max(0, at - 80);
        int to = Math.min(content.length(), at + text.length() + 80);
        return (from > 0 ? "… " : "")
                + content.substring(from, at)
                + HIGHLIGHT
                + content.substring(at, at + text.length())
                + HIGHLIGHT
                + content.substring(at + text.length(), to)
                + (to < content.length() ? " …" : "");
    }

    /** Where a page ended: the mode (partial or whole words), the last session's rank and id. */
    record Position(boolean partial, double rank, UUID sessionId) {

        String encode() {
            return Paging.encode((partial ? "t" : "f") + ":" + rank + ":" + sessionId);
        }

        static Position decode(String cursor) {
            String[] parts = Paging.decode(cursor).split(":", 3);
            try {
                if (!parts[0].equals("t") && !parts[0].equals("f")) {
                    throw new IllegalArgumentException(cursor);
                }
                double rank = Double.parseDouble(parts[1]);
                if (!Double.isFinite(rank)) {
                    throw new IllegalArgumentException(cursor);
                }
                return new Position(parts[0].equals("t"), rank, UUID.fromString(parts[2]));
            } catch (RuntimeException e) {
                throw InvalidPaging.unknownCursor();
            }
        }
    }
}
