package dev.chatsessions.command.http;

import dev.chatsessions.api.ForkSession;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.http.CreateRoutine.NewResource;
import dev.chatsessions.command.http.CreateRoutine.Owner;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Chat sessions")
class ForkCommandController {

    private final CreateRoutine creates;

    ForkCommandController(CreateRoutine creates) {
        this.creates = creates;
    }

    @PostMapping("/api/chat-sessions/{sessionId}/fork")
    @Operation(
            summary = "Branch a conversation",
            description = "A new session in the same project holding copies (new ids, seq 1..upToSeq) of the "
                    + "source's messages 1..upToSeq (default: all), named name or \"<source name> (fork)\" "
                    + "(cut to fit 100 characters). upToSeq outside 1..messageCount is 400; an unknown, "
                    + "foreign or deleted source is 404. Idempotent like every create: the same id again "
                    + "is 200 with the same session, with other content 409.")
    ResponseEntity<SessionView> fork(
            @PathVariable UUID sessionId,
            @RequestBody(required = false) Fork body,
            Principal user,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Fork fork = body != null ? body : new Fork(null, null, null);
        return creates.create(
                new NewResource(user, key, fork.id(), fork),
                Owner.NEW_SESSION,
                id -> new ForkSession(sessionId, id, user.getName(), fork.upToSeq(), fork.name()),
                SessionView.class,
                SessionCommandController::location);
    }

    record Fork(UUID id, Long upToSeq, String name) {}
}
