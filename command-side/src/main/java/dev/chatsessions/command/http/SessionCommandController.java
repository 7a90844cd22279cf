package dev.chatsessions.command.http;

import dev.chatsessions.api.ChangeSession;
import dev.chatsessions.api.CreateSession;
import dev.chatsessions.api.DeleteSession;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.http.CreateRoutine.NewResource;
import dev.chatsessions.command.http.CreateRoutine.Owner;
import io.swagger.v3.oas.annotations.tags.Tag;
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

    private final CreateRoutine creates;
    private final CommandGateway commandGateway;

    SessionCommandController(CreateRoutine creates, CommandGateway commandGateway) {
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
        return creates.create(
                new NewResource(user, key, session.id(), session),
                Owner.NEW_SESSION,
                id -> new CreateSession(projectId, id, user.getName(), session.name()),
                SessionView.class,
                SessionCommandController::location);
    }

    /** Where a session lives, whichever request created it (a create or a fork). */
    static String location(SessionView session) {
        return "/api/chat-sessions/" + session.id();
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
