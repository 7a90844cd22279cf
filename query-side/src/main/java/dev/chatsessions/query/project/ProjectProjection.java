package dev.chatsessions.query.project;

import dev.chatsessions.api.FindProject;
import dev.chatsessions.api.FindProjects;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.ProjectPage;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.query.paging.Paging;
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

/** The owner's projects, newest first. */
@Component
@ProcessingGroup(ProjectProjection.NAME)
public class ProjectProjection {

    public static final String NAME = "projects";

    private static final RowMapper<ProjectView> VIEW = (rs, n) -> new ProjectView(
            rs.getObject("id", UUID.class),
            rs.getString("name"),
            rs.getString("description"),
            rs.getTimestamp("created_at").toInstant());

    private final JdbcClient jdbc;
    private final ProjectionWrites writes;

    ProjectProjection(JdbcClient jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(ProjectCreated event, @Timestamp Instant at) {
        writes.add(
                """
                       insert into project (id, owner_id, name, description, created_at) values (?, ?, ?, ?, ?)
                       on conflict (id) do nothing""",
                event.projectId(),
                event.ownerId(),
                event.name(),
                event.description(),
                java.sql.Timestamp.from(at));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from project").update();
    }

    @QueryHandler
    ProjectPage handle(FindProjects query) {
        var after = query.cursor() == null ? null : Paging.TimeAndId.decode(query.cursor());
        var sql = jdbc.sql("select * from project where owner_id = :owner"
                        + (after == null ? "" : " and (created_at, id) < (:afterAt, :afterId)")
                        + " order by created_at desc, id desc limit :limit")
                .param("owner", query.userId())
                .param("limit", query.limit() + 1);
        if (after != null) {
            sql = sql.param("afterAt", java.sql.Timestamp.from(after.at())).param("afterId", after.id());
        }
        return Paging.page(
                sql.query(VIEW).list(),
                query.limit(),
                last -> new Paging.TimeAndId(last.createdAt(), last.id()).encode(),
                ProjectPage::new);
    }

    @QueryHandler
    Optional<ProjectView> handle(FindProject query) {
        return jdbc.sql("select * from project where id = ? and owner_id = ?")
                .params(query.projectId(), query.userId())
                .query(VIEW)
                .optional();
    }
}
