package dev.chatsessions.query.analytics;

import dev.chatsessions.api.AnalyticsFigures;
import dev.chatsessions.api.FeedbackCleared;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.FindProjectAnalytics;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ProjectAnalytics;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.Rating;
import dev.chatsessions.api.ReplyDetails;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionForked;
import dev.chatsessions.api.SessionStart;
import dev.chatsessions.query.projection.Owners;
import dev.chatsessions.query.projection.ProjectionWrites;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Per project and UTC day: sessions, messages, reply outcomes, token usage, reply latency and feedback. */
@Component
@ProcessingGroup(AnalyticsProjection.NAME)
public class AnalyticsProjection {

    public static final String NAME = "analytics";

    /** Sums of the day rows; the averages are sums over counts. */
    private static final String FIGURES = """
            sum(sessions_created) as sessions_created, sum(sessions_deleted) as sessions_deleted,
            sum(user_messages) as user_messages, sum(assistant_messages) as assistant_messages,
            sum(replies_failed) as replies_failed, sum(replies_stopped) as replies_stopped,
            sum(prompt_tokens) as prompt_tokens, sum(completion_tokens) as completion_tokens,
            sum(total_tokens) as total_tokens,
            sum(first_token_ms_sum)::float8 / nullif(sum(first_token_count), 0) as avg_first_token_ms,
            sum(reply_ms_sum)::float8 / nullif(sum(reply_count), 0) as avg_reply_ms,
            sum(sessions_forked) as sessions_forked, sum(sessions_imported) as sessions_imported,
            sum(feedback_up) as feedback_up, sum(feedback_down) as feedback_down,
            sum(feedback_cleared) as feedback_cleared""";

    /**
     * A session's start: its project, for the messages to come, and the day's count in the column of how it started
     * (created new, forked, imported). One statement, so that a run of starts goes as one JDBC batch.
     */
    private static final String SESSION_STARTED = """
            with session as (insert into analytics_session (session_id, project_id) values (?, ?)
                             on conflict do nothing)
            insert into analytics_day (project_id, day, %1$s) values (?, ?, 1)
            on conflict (project_id, day) do update set %1$s = analytics_day.%1$s + 1""";

    private static final String SESSION_DELETED = """
            insert into analytics_day (project_id, day, sessions_deleted) values (?, ?, 1)
            on conflict (project_id, day) do update set sessions_deleted = analytics_day.sessions_deleted + 1""";

    /**
     * The counters of a session's messages of one day, added to its project's day, and the session marked active that
     * day. One statement that looks the project up itself: the session may have been created earlier in the same
     * batch, its row not yet written when the handler runs.
     */
    private static final String MESSAGE_POSTED = """
            with session as (select project_id, session_id, cast(:day as date) as day
                             from analytics_session where session_id = :sessionId),
                 active as (insert into analytics_session_day (project_id, day, session_id)
                            select project_id, day, session_id from session
                            on conflict do nothing)
            insert into analytics_day (project_id, day, user_messages, assistant_messages, replies_failed,
                                       replies_stopped, prompt_tokens, completion_tokens, total_tokens,
                                       first_token_ms_sum, first_token_count, reply_ms_sum, reply_count)
            select project_id, day, :userMessages, :assistantMessages, :repliesFailed, :repliesStopped, :promptTokens,
                   :completionTokens, :totalTokens, :firstTokenMsSum, :firstTokenCount, :replyMsSum, :replyCount
            from session
            on conflict (project_id, day) do update set
                user_messages = analytics_day.user_messages + excluded.user_messages,
                assistant_messages = analytics_day.assistant_messages + excluded.assistant_messages,
                replies_failed = analytics_day.replies_failed + excluded.replies_failed,
                replies_stopped = analytics_day.replies_stopped + excluded.replies_stopped,
                prompt_tokens = analytics_day.prompt_tokens + excluded.prompt_tokens,
                completion_tokens = analytics_day.completion_tokens + excluded.completion_tokens,
                total_tokens = analytics_day.total_tokens + excluded.total_tokens,
                first_token_ms_sum = analytics_day.first_token_ms_sum + excluded.first_token_ms_sum,
                first_token_count = analytics_day.first_token_count + excluded.first_token_count,
                reply_ms_sum = analytics_day.reply_ms_sum + excluded.reply_ms_sum,
                reply_count = analytics_day.reply_count + excluded.reply_count""";

    /** Feedback given or removed, added to the day of the session's project. */
    private static final String FEEDBACK = """
            insert into analytics_day (project_id, day, feedback_up, feedback_down, feedback_cleared)
            select project_id, ?::date, ?, ?, ? from analytics_session where session_id = ?
            on conflict (project_id, day) do update set
                feedback_up = analytics_day.feedback_up + excluded.feedback_up,
                feedback_down = analytics_day.feedback_down + excluded.feedback_down,
                feedback_cleared = analytics_day.feedback_cleared + excluded.feedback_cleared""";

    private static final Owners OWNERS = new Owners("analytics_project", "project_id");

    private final JdbcClient jdbc;
    private final ProjectionWrites writes;

    AnalyticsProjection(JdbcClient jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(ProjectCreated event) {
        OWNERS.add(writes, event.projectId(), event.ownerId());
    }

    /**
     * Created new, forked or imported: each counted in its own column (one handler for the sealed type: read-your-writes
     * waits for each of its events).
     */
    @EventHandler
    void on(SessionStart event, @Timestamp Instant at) {
        String counter = event instanceof SessionForked
                ? "sessions_forked"
                : event instanceof SessionCreated ? "sessions_created" : "sessions_imported";
        writes.add(
                SESSION_STARTED.formatted(counter), event.sessionId(), event.projectId(), event.projectId(), day(at));
    }

    @EventHandler
    void on(SessionDeleted event, @Timestamp Instant at) {
        writes.add(SESSION_DELETED, event.projectId(), day(at));
    }

    /**
     * A batch's messages of one session and day are merged into one write, their counters added: every message of a
     * project's day adds to the same row, and rewriting a row many times in one transaction gets slower each time.
     * The merged write runs at the first message's place, after the session's creation; additions commute.
     */
    @EventHandler
    void on(MessagePosted event, @Timestamp Instant at) {
        var counters = DayCounters.of(event, day(at));
        writes.merge(List.of(counters.sessionId(), counters.day()), MESSAGE_POSTED, counters, DayCounters::plus);
    }

    @EventHandler
    void on(FeedbackGiven event, @Timestamp Instant at) {
        writes.add(
                FEEDBACK,
                day(at),
                event.rating() == Rating.UP ? 1L : 0L,
                event.rating() == Rating.DOWN ? 1L : 0L,
                0L,
                event.sessionId());
    }

    @EventHandler
    void on(FeedbackCleared event, @Timestamp Instant at) {
        writes.add(FEEDBACK, day(at), 0L, 0L, 1L, event.sessionId());
    }

    /** A session's messages of one day: the parameters of {@link #MESSAGE_POSTED}, the counters add up. */
    record DayCounters(
            LocalDate day,
            UUID sessionId,
            long userMessages,
            long assistantMessages,
            long repliesFailed,
            long repliesStopped,
            long promptTokens,
            long completionTokens,
            long totalTokens,
            long firstTokenMsSum,
            long firstTokenCount,
            long replyMsSum,
            long replyCount) {

        /** A user's message: no reply details. */
        private static final ReplyDetails NO_REPLY = new ReplyDetails(null, null, null, null, null, null, null, null);

        static DayCounters of(MessagePosted event, LocalDate day) {
            ReplyDetails reply = event.reply() != null ? event.reply() : NO_REPLY;
            boolean user = event.role() == Role.USER;
            return new DayCounters(
                    day,
                    event.sessionId(),
                    user ? 1 : 0,
                    user ? 0 : 1,
                    event.status() == MessageStatus.FAILED ? 1 : 0,
                    event.status() == MessageStatus.STOPPED ? 1 : 0,
                    orZero(reply.promptTokens()),
                    orZero(reply.completionTokens()),
                    orZero(reply.totalTokens()),
                    orZero(reply.firstTokenMillis()),
                    reply.firstTokenMillis() == null ? 0 : 1,
                    orZero(reply.totalMillis()),
                    reply.totalMillis() == null ? 0 : 1);
        }

        DayCounters plus(DayCounters later) {
            return new DayCounters(
                    day,
                    sessionId,
                    userMessages + later.userMessages,
                    assistantMessages + later.assistantMessages,
                    repliesFailed + later.repliesFailed,
                    repliesStopped + later.repliesStopped,
                    promptTokens + later.promptTokens,
                    completionTokens + later.completionTokens,
                    totalTokens + later.totalTokens,
                    firstTokenMsSum + later.firstTokenMsSum,
                    firstTokenCount + later.firstTokenCount,
                    replyMsSum + later.replyMsSum,
                    replyCount + later.replyCount);
        }

        private static long orZero(Number value) {
            return value == null ? 0 : value.longValue();
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from analytics_session_day").update();
        jdbc.sql("delete from analytics_day").update();
        jdbc.sql("delete from analytics_session").update();
        jdbc.sql("delete from analytics_project").update();
    }

    @QueryHandler
    Optional<ProjectAnalytics> handle(FindProjectAnalytics query) {
        if (!OWNERS.owns(jdbc, query.projectId(), query.userId())) {
            return Optional.empty();
        }
        List<AnalyticsFigures> days = jdbc.sql("select d.day, " + FIGURES + """
                                                   , (select count(*) from analytics_session_day s
                                                      where s.project_id = d.project_id and s.day = d.day)
                                                     as active_sessions
                                                   from analytics_day d
                                                   where d.project_id = :project and d.day between :from and :to
                                                   group by d.project_id, d.day order by d.day""")
                .param("project", query.projectId())
                .param("from", query.from())
                .param("to", query.to())
                .query((rs, n) -> figures(rs, rs.getObject("day", LocalDate.class)))
                .list();
        AnalyticsFigures totals = jdbc.sql("select " + FIGURES + """
                                               , (select count(distinct session_id) from analytics_session_day s
                                                  where s.project_id = :project and s.day between :from and :to)
                                                 as active_sessions
                                               from analytics_day
                                               where project_id = :project and day between :from and :to""")
                .param("project", query.projectId())
                .param("from", query.from())
                .param("to", query.to())
                .query((rs, n) -> figures(rs, null))
                .single();
        return Optional.of(new ProjectAnalytics(query.projectId(), query.from(), query.to(), days, totals));
    }

    private static LocalDate day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static AnalyticsFigures figures(ResultSet rs, LocalDate day) throws SQLException {
        long messages = rs.getLong("user_messages") + rs.getLong("assistant_messages");
        long activeSessions = rs.getLong("active_sessions");
        return new AnalyticsFigures(
                day,
                rs.getLong("sessions_created"),
                rs.getLong("sessions_deleted"),
                rs.getLong("user_messages"),
                rs.getLong("assistant_messages"),
                rs.getLong("replies_failed"),
                rs.getLong("replies_stopped"),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                rs.getLong("total_tokens"),
                rs.getObject("avg_first_token_ms", Double.class),
                rs.getObject("avg_reply_ms", Double.class),
                activeSessions == 0 ? null : (double) messages / activeSessions,
                rs.getLong("sessions_forked"),
                rs.getLong("sessions_imported"),
                rs.getLong("feedback_up"),
                rs.getLong("feedback_down"),
                rs.getLong("feedback_cleared"));
    }
}
