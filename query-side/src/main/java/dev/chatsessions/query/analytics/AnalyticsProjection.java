package dev.chatsessions.query.analytics;

import dev.chatsessions.api.AnalyticsFigures;
import dev.chatsessions.api.FindProjectAnalytics;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ProjectAnalytics;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.ReplyDetails;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.query.freshness.ReadModelFreshness;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Per project and UTC day: sessions, messages, reply outcomes, token usage and reply latency. */
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
            sum(reply_ms_sum)::float8 / nullif(sum(reply_count), 0) as avg_reply_ms""";

    private final JdbcClient jdbc;
    private final ReadModelFreshness freshness;

    AnalyticsProjection(JdbcClient jdbc, ReadModelFreshness freshness) {
        this.jdbc = jdbc;
        this.freshness = freshness;
    }

    @EventHandler
    void on(ProjectCreated event) {
        jdbc.sql("insert into analytics_project (project_id, owner_id) values (?, ?) on conflict do nothing")
            .params(event.projectId(), event.ownerId())
            .update();
    }

    @EventHandler
    void on(SessionCreated event, @Timestamp Instant at) {
        jdbc.sql("insert into analytics_session (session_id, project_id) values (?, ?) on conflict do nothing")
            .params(event.sessionId(), event.projectId())
            .update();
        add(event.projectId(), at, "sessions_created", 1);
    }

    @EventHandler
    void on(SessionDeleted event, @Timestamp Instant at) {
        add(event.projectId(), at, "sessions_deleted", 1);
    }

    @EventHandler
    void on(MessagePosted event, @Timestamp Instant at) {
        UUID project = jdbc.sql("select project_id from analytics_session where session_id = ?")
                           .param(event.sessionId())
                           .query(UUID.class)
                           .single();
        ReplyDetails reply = event.reply();
        boolean user = event.role() == Role.USER;
        jdbc.sql("""
                     insert into analytics_day (project_id, day, user_messages, assistant_messages, replies_failed,
                                                replies_stopped, prompt_tokens, completion_tokens, total_tokens,
                                                first_token_ms_sum, first_token_count, reply_ms_sum, reply_count)
                     values (:project, :day, :user, :assistant, :failed, :stopped, :prompt, :completion, :total,
                             :firstToken, :firstTokenCount, :reply, :replyCount)
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
                         reply_count = analytics_day.reply_count + excluded.reply_count""")
            .param("project", project)
            .param("day", day(at))
            .param("user", user ? 1 : 0)
            .param("assistant", user ? 0 : 1)
            .param("failed", event.status() == MessageStatus.FAILED ? 1 : 0)
            .param("stopped", event.status() == MessageStatus.STOPPED ? 1 : 0)
            .param("prompt", reply == null || reply.promptTokens() == null ? 0 : reply.promptTokens())
            .param("completion", reply == null || reply.completionTokens() == null ? 0 : reply.completionTokens())
            .param("total", reply == null || reply.totalTokens() == null ? 0 : reply.totalTokens())
            .param("firstToken", reply == null || reply.firstTokenMillis() == null ? 0 : reply.firstTokenMillis())
            .param("firstTokenCount", reply == null || reply.firstTokenMillis() == null ? 0 : 1)
            .param("reply", reply == null || reply.totalMillis() == null ? 0 : reply.totalMillis())
            .param("replyCount", reply == null || reply.totalMillis() == null ? 0 : 1)
            .update();
        jdbc.sql("""
                     insert into analytics_session_day (project_id, day, session_id) values (?, ?, ?)
                     on conflict do nothing""")
            .params(project, day(at), event.sessionId())
            .update();
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
        freshness.await(getClass());
        boolean owned = jdbc.sql("select exists(select 1 from analytics_project where project_id = ? and owner_id = ?)")
                            .params(query.projectId(), query.userId())
                            .query(Boolean.class)
                            .single();
        if (!owned) {
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

    private void add(UUID project, Instant at, String counter, long amount) {
        jdbc.sql("insert into analytics_day (project_id, day, " + counter + ") values (?, ?, ?) "
                 + "on conflict (project_id, day) do update set " + counter + " = analytics_day." + counter
                 + " + excluded." + counter)
            .params(project, day(at), amount)
            .update();
    }

    private static LocalDate day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static AnalyticsFigures figures(ResultSet rs, LocalDate day) throws SQLException {
        long messages = rs.getLong("user_messages") + rs.getLong("assistant_messages");
        long activeSessions = rs.getLong("active_sessions");
        return new AnalyticsFigures(day, rs.getLong("sessions_created"), rs.getLong("sessions_deleted"),
                                    rs.getLong("user_messages"), rs.getLong("assistant_messages"),
                                    rs.getLong("replies_failed"), rs.getLong("replies_stopped"),
                                    rs.getLong("prompt_tokens"), rs.getLong("completion_tokens"),
                                    rs.getLong("total_tokens"), rs.getObject("avg_first_token_ms", Double.class),
                                    rs.getObject("avg_reply_ms", Double.class),
                                    activeSessions == 0 ? null : (double) messages / activeSessions);
    }
}
