package dev.chatsessions.query.http;

import dev.chatsessions.api.FindSession;
import dev.chatsessions.api.FindSessionAsOf;
import dev.chatsessions.api.FindSessions;
import dev.chatsessions.api.SessionPage;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.Queries;
import dev.chatsessions.query.TimeRange;
import dev.chatsessions.query.paging.Paging;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Chat sessions")
class SessionQueryController {

    private final Queries queries;

    SessionQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/projects/{projectId}/chat-sessions")
    SessionPage list(
            @PathVariable UUID projectId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "false") boolean archived,
            Principal user) {
        var query = new FindSessions(user.getName(), projectId, Paging.limit(limit), cursor, archived);
        return queries.found(query, SessionPage.class);
    }

    /** With {@code asOf}, the session as it stood then, rebuilt from its events. */
    @GetMapping("/api/chat-sessions/{sessionId}")
    SessionView get(@PathVariable UUID sessionId, @RequestParam(required = false) Instant asOf, Principal user) {
        Object query = asOf == null
                ? new FindSession(user.getName(), sessionId)
                : new FindSessionAsOf(user.getName(), sessionId, TimeRange.check("asOf", asOf));
        return queries.found(query, SessionView.class);
    }
}
