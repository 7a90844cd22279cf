package dev.chatsessions.query.http;

import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.FindMessagesAsOf;
import dev.chatsessions.api.MessagePage;
import dev.chatsessions.query.BadQuery;
import dev.chatsessions.query.Queries;
import dev.chatsessions.query.TimeRange;
import dev.chatsessions.query.paging.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Messages")
class MessageQueryController {

    private final Queries queries;

    MessageQueryController(Queries queries) {
        this.queries = queries;
    }

    /**
     * Oldest first; {@code order=newest} (beyond the contract) gives the newest page first and then older ones, for a
     * view that opens at the end. With {@code asOf}, the conversation as it stood then, rebuilt from the events.
     */
    @GetMapping("/api/chat-sessions/{sessionId}/messages")
    @Operation(
            summary = "A session's messages: oldest first, or with order=newest the newest page first, each next "
                    + "page older; with asOf, as they stood at that instant")
    MessagePage list(
            @PathVariable UUID sessionId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Instant asOf,
            @RequestParam(defaultValue = "oldest") String order,
            Principal user) {
        if (!order.equals("oldest") && !order.equals("newest")) {
            throw new BadQuery("order", "must be \"oldest\" or \"newest\"");
        }
        if (asOf != null && order.equals("newest")) {
            throw new BadQuery("order", "asOf views are oldest first");
        }
        Object query = asOf == null
                ? new FindMessages(user.getName(), sessionId, Paging.limit(limit), cursor, order.equals("newest"))
                : new FindMessagesAsOf(
                        user.getName(), sessionId, TimeRange.check("asOf", asOf), Paging.limit(limit), cursor);
        return queries.found(query, MessagePage.class);
    }
}
