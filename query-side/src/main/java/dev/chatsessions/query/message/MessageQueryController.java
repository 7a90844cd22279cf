package dev.chatsessions.query.message;

import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.FindMessagesAsOf;
import dev.chatsessions.api.MessagePage;
import dev.chatsessions.query.web.NotFound;
import dev.chatsessions.query.web.Paging;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Instant;
import java.util.UUID;

@RestController
@Tag(name = "Messages")
class MessageQueryController {

    private final QueryGateway queryGateway;

    MessageQueryController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    /** With {@code asOf}, the conversation as it stood then, rebuilt from the session's events. */
    @GetMapping("/api/chat-sessions/{sessionId}/messages")
    MessagePage list(@PathVariable UUID sessionId, @RequestParam(required = false) Integer limit,
                     @RequestParam(required = false) String cursor,
                     @RequestParam(required = false) Instant asOf, Principal user) {
        Object query = asOf == null
                ? new FindMessages(user.getName(), sessionId, Paging.limit(limit), cursor)
                : new FindMessagesAsOf(user.getName(), sessionId, asOf, Paging.limit(limit), cursor);
        return queryGateway.query(query, ResponseTypes.optionalInstanceOf(MessagePage.class))
                           .join()
                           .orElseThrow(NotFound::new);
    }
}
