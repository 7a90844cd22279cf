package dev.chatsessions.query.http;

import dev.chatsessions.api.FindProjectAnalytics;
import dev.chatsessions.api.ProjectAnalytics;
import dev.chatsessions.query.BadQuery;
import dev.chatsessions.query.Queries;
import dev.chatsessions.query.TimeRange;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Analytics")
class AnalyticsController {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    private final Queries queries;

    AnalyticsController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/projects/{projectId}/analytics")
    @Operation(
            summary = "Per UTC day (days with activity) and in total: sessions created and deleted, user and "
                    + "assistant messages, failed and stopped replies, token usage, average time to first "
                    + "token and reply time, messages per session. Dates are ISO (2025-10-12), both included; "
                    + "the default is the last 30 days.")
    ProjectAnalytics analytics(
            @PathVariable UUID projectId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            Principal user) {
        LocalDate until = to != null ? TimeRange.check("to", to) : LocalDate.now(ZoneOffset.UTC);
        // without from, the range starts DEFAULT_DAYS before to: out of range only because of to
        LocalDate since =
                from != null ? TimeRange.check("from", from) : TimeRange.check("to", until.minusDays(DEFAULT_DAYS - 1));
        if (since.isAfter(until)) {
            throw new BadQuery("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(since, until) >= MAX_DAYS) {
            throw new BadQuery("to", "the range may span at most " + MAX_DAYS + " days");
        }
        return queries.found(new FindProjectAnalytics(user.getName(), projectId, since, until), ProjectAnalytics.class);
    }
}
