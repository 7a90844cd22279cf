package dev.chatsessions.command.http;

import dev.chatsessions.api.ClearFeedback;
import dev.chatsessions.api.Feedback;
import dev.chatsessions.api.GiveFeedback;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.Rating;
import dev.chatsessions.command.ResourceNotFound;
import dev.chatsessions.command.session.PostedMessages;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Feedback on assistant messages: up or down, with an optional comment; changeable and removable. */
@RestController
@Tag(name = "Messages")
class FeedbackController {

    private final CommandGateway commandGateway;
    private final PostedMessages messages;

    FeedbackController(CommandGateway commandGateway, PostedMessages messages) {
        this.commandGateway = commandGateway;
        this.messages = messages;
    }

    /** Answers the message with its new feedback, read back from the session's events. */
    @PutMapping("/api/chat-sessions/{sessionId}/messages/{messageId}/feedback")
    MessageView give(
            @PathVariable UUID sessionId, @PathVariable UUID messageId, @RequestBody NewFeedback body, Principal user) {
        Feedback feedback = commandGateway.sendAndWait(
                new GiveFeedback(sessionId, user.getName(), messageId, body.rating(), body.comment()));
        MessageView message = messages.view(sessionId, messageId).orElseThrow(() -> new ResourceNotFound(messageId));
        return new MessageView(
                message.id(),
                message.chatSessionId(),
                message.seq(),
                message.role(),
                message.content(),
                message.status(),
                message.createdAt(),
                feedback);
    }

    @DeleteMapping("/api/chat-sessions/{sessionId}/messages/{messageId}/feedback")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clear(@PathVariable UUID sessionId, @PathVariable UUID messageId, Principal user) {
        commandGateway.sendAndWait(new ClearFeedback(sessionId, user.getName(), messageId));
    }

    record NewFeedback(Rating rating, String comment) {}
}
