package dev.chatsessions.command.http;

import dev.chatsessions.api.PostMessage;
import dev.chatsessions.api.PostedMessage;
import dev.chatsessions.api.Role;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.http.CreateRoutine.NewResource;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Messages")
class MessageCommandController {

    private final CreateRoutine creates;
    private final ContentLimit contentLimit;

    MessageCommandController(CreateRoutine creates, ContentLimit contentLimit) {
        this.creates = creates;
        this.contentLimit = contentLimit;
    }

    /** The seed's contract: the client calls the model itself and posts both sides of the conversation. */
    @PostMapping("/api/chat-messages")
    ResponseEntity<PostedMessage> post(
            @RequestBody NewMessage body,
            Principal user,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        if (body.chatSessionId() == null) {
            throw new RejectedInput("chatSessionId", "is required");
        }
        contentLimit.check(body.content());
        return creates.createIn(
                body.chatSessionId(),
                new NewResource(user, key, body.id(), body),
                id -> new PostMessage(body.chatSessionId(), id, user.getName(), body.role(), body.content()),
                PostedMessage.class);
    }

    record NewMessage(UUID id, UUID chatSessionId, Role role, String content) {}
}
