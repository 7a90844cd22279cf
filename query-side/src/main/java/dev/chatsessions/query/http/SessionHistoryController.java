package dev.chatsessions.query.http;

import dev.chatsessions.api.AuditedEventPage;
import dev.chatsessions.api.FindSessionEvents;
import dev.chatsessions.query.Queries;
import dev.chatsessions.query.paging.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit")
class SessionHistoryController {

    private final Queries queries;

    SessionHistoryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/chat-sessions/{sessionId}/events")
    @Operation(summary = "The session's own events, oldest first, with who caused each; readable after deletion")
    AuditedEventPage events(
            @PathVariable UUID sessionId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            Principal user) {
        var query = new FindSessionEvents(user.getName(), sessionId, Paging.limit(limit), cursor);
        return queries.found(query, AuditedEventPage.class);
    }
}
