package dev.chatsessions.command.http;

import dev.chatsessions.api.CreateProject;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.command.http.CreateRoutine.NewResource;
import dev.chatsessions.command.http.CreateRoutine.Owner;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/projects")
@Tag(name = "Projects")
class ProjectCommandController {

    private final CreateRoutine creates;

    ProjectCommandController(CreateRoutine creates) {
        this.creates = creates;
    }

    @PostMapping
    ResponseEntity<ProjectView> create(
            @RequestBody NewProject body,
            Principal user,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return creates.create(
                new NewResource(user, key, body.id(), body),
                Owner.USER,
                id -> new CreateProject(id, user.getName(), body.name(), body.description()),
                ProjectView.class,
                project -> CreateRoutine.underCurrentPath(project.id()));
    }

    record NewProject(UUID id, String name, String description) {}
}
