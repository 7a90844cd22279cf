package dev.chatsessions.query.http;

import dev.chatsessions.api.FindProject;
import dev.chatsessions.api.FindProjects;
import dev.chatsessions.api.ProjectPage;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.query.Queries;
import dev.chatsessions.query.paging.Paging;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/projects")
@Tag(name = "Projects")
class ProjectQueryController {

    private final Queries queries;

    ProjectQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping
    ProjectPage list(
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            Principal user) {
        var query = new FindProjects(user.getName(), Paging.limit(limit), cursor);
        return queries.answer(query, ProjectPage.class);
    }

    @GetMapping("/{projectId}")
    ProjectView get(@PathVariable UUID projectId, Principal user) {
        return queries.found(new FindProject(user.getName(), projectId), ProjectView.class);
    }
}
