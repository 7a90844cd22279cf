package dev.chatsessions.command.http;

import dev.chatsessions.api.CreateProject;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.command.idempotency.ClientRequest;
import dev.chatsessions.command.idempotency.Creates;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;
import org.springframework.http.HttpStatus;
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

    private final Creates creates;

    ProjectCommandController(Creates creates) {
        this.creates = creates;
    }

    @PostMapping
    ResponseEntity<ProjectView> create(
            @RequestBody NewProject body,
            Principal user,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        UUID id = body.id() != null ? body.id() : UUID.randomUUID();
        var request = ClientRequest.of(user.getName(), key, body.id(), "POST /api/projects", body);
        var created = creates.send(
                new CreateProject(id, user.getName(), body.name(), body.description()), request, ProjectView.class);
        return ResponseEntity.status(created.isNew() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/projects/" + created.value().id()))
                .body(created.value());
    }

    record NewProject(UUID id, String name, String description) {}
}
