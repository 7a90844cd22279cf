package dev.chatsessions.query.http;

import dev.chatsessions.api.SearchPage;
import dev.chatsessions.api.SearchSessions;
import dev.chatsessions.query.Queries;
import dev.chatsessions.query.paging.Paging;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Search")
class SearchController {

    private final Queries queries;

    SearchController(Queries queries) {
        this.queries = queries;
    }

    /** Words, "phrases" and -exclusions, in the project's session names and messages; best first. */
    @GetMapping("/api/projects/{projectId}/search")
    SearchPage search(
            @PathVariable UUID projectId,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            Principal user) {
        var query = new SearchSessions(user.getName(), projectId, q, Paging.limit(limit), cursor);
        return queries.found(query, SearchPage.class);
    }
}
