package dev.chatsessions.command.http;

import dev.chatsessions.api.ChangeSession;
import dev.chatsessions.api.CreateSession;
import dev.chatsessions.api.DeleteSession;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.idempotency.ClientRequest;
import dev.chatsessions.command.idempotency.Creates;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Chat sessions")
class SessionCommandController {

    private final Creates creates;
    private final CommandGateway commandGateway;

    SessionCommandController(Creates creates, CommandGateway commandGateway) {
        this.creates = creates;
        this.commandGateway = commandGateway;
    }

    @PostMapping("/api/projects/{projectId}/chat-sessions")
    ResponseEntity<SessionView> create(
            @PathVariable UUID projectId,
            @RequestBody(required = false) NewSession body,
            Principal user,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        NewSession session = body != null ? body : new NewSession(null, null);
        UUID id = session.id() != null ? session.id() : UUID.randomUUID();
        var request = ClientRequest.of(
                user.getName(), key, session.id(), "POST /api/projects/" + projectId + "/chat-sessions", session, id);
        var created = creates.send(
                new CreateSession(projectId, id, user.getName(), session.name()), request, SessionView.class);
        return ResponseEntity.status(created.isNew() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/chat-sessions/" + created.value().id()))
                .body(created.value());
    }

    @PatchMapping("/api/chat-sessions/{sessionId}")
    SessionView change(@PathVariable UUID sessionId, @RequestBody Change body, Principal user) {
        return commandGateway.sendAndWait(
                new ChangeSession(sessionId, user.getName(), body.name(), body.pinned(), body.archived()));
    }

    @DeleteMapping("/api/chat-sessions/{sessionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID sessionId, Principal user) {
        commandGateway.sendAndWait(new DeleteSession(sessionId, user.getName()));
    }

    record NewSession(UUID id, String name) {}

    /** Any of the three; the others stay as they are. */
    record Change(String name, Boolean pinned, Boolean archived) {}
}
