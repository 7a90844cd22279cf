package dev.chatsessions.query.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.AnalyticsFigures;
import dev.chatsessions.api.FindProjectAnalytics;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ProjectAnalytics;
import dev.chatsessions.api.ReplyDetails;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionForked;
import dev.chatsessions.api.SessionStart;
import dev.chatsessions.query.projection.MixedBatch;
import dev.chatsessions.query.projection.ReadModelDatabase;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyticsProjectionIntegrationTest {

    private static final List<String> TABLES =
            List.of("analytics_project", "analytics_session", "analytics_day", "analytics_session_day");

    private static final ReadModelDatabase db = ReadModelDatabase.shared();
    private AnalyticsProjection projection;
    private final MixedBatch batch = new MixedBatch();

    @BeforeEach
    void setUp() {
        db.clear();
        projection = new AnalyticsProjection(db.jdbc(), db.writes());
    }

    @Test
    void countsEachProjectsActivityPerDayAsItsEventsSay() throws Throwable {
        db.foldInOneBatch(batch.events(), projection);

        LocalDate first = day(batch.events().get(0));
        LocalDate last = day(batch.events().get(batch.events().size() - 1));
        assertThat(first).isBefore(last);
        for (var owned :
                Map.of(batch.project, "alice", batch.otherProject, "bob").entrySet()) {
            var query = new FindProjectAnalytics(owned.getValue(), owned.getKey(), first, last);
            assertThat(projection.handle(query)).contains(expected(owned.getKey(), first, last));
        }
        var totals = projection
                .handle(new FindProjectAnalytics("alice", batch.project, first, last))
                .orElseThrow()
                .totals();
        assertThat(totals.sessionsCreated()).as("created new").isEqualTo(2);
        assertThat(totals.sessionsForked()).as("forked, counted apart").isEqualTo(1);
    }

    @Test
    void aBatchInOneUnitOfWorkCountsWhatTheEventsCountOneByOne() throws Throwable {
        db.assertOneBatchFoldsAsEventByEvent(batch.events(), projection, TABLES.toArray(String[]::new));

        assertThat(db.rows("analytics_day")).isNotEmpty();
    }

    @Test
    void hidesAProjectFromOtherUsers() throws Throwable {
        db.foldInOneBatch(batch.events(), projection);

        LocalDate day = day(batch.events().get(0));
        assertThat(projection.handle(new FindProjectAnalytics("bob", batch.project, day, day)))
                .isEmpty();
        assertThat(projection.handle(new FindProjectAnalytics("alice", UUID.randomUUID(), day, day)))
                .isEmpty();
    }

    /** What the analytics of a project should say, worked out from the events alone. */
    private ProjectAnalytics expected(UUID project, LocalDate from, LocalDate to) {
        Map<UUID, UUID> projectOfSession = new HashMap<>();
        Map<LocalDate, Tally> days = new TreeMap<>();
        Tally totals = new Tally();
        for (EventMessage<?> event : batch.events()) {
            Object payload = event.getPayload();
            if (payload instanceof SessionStart started) {
                projectOfSession.put(started.sessionId(), started.projectId());
            }
            UUID of = payload instanceof SessionStart started
                    ? started.projectId()
                    : payload instanceof SessionDeleted deleted
                            ? deleted.projectId()
                            : payload instanceof MessagePosted posted ? projectOfSession.get(posted.sessionId()) : null;
            LocalDate day = day(event);
            if (project.equals(of) && !day.isBefore(from) && !day.isAfter(to)) {
                days.computeIfAbsent(day, d -> new Tally()).count(payload);
                totals.count(payload);
            }
        }
        return new ProjectAnalytics(
                project,
                from,
                to,
                days.entrySet().stream()
                        .map(e -> e.getValue().figures(e.getKey()))
                        .toList(),
                totals.figures(null));
    }

    private static LocalDate day(EventMessage<?> event) {
        return event.getTimestamp().atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The counts of one day, or of a whole range. */
    private static final class Tally {

        long sessionsCreated,
                sessionsForked,
                sessionsDeleted,
                userMessages,
                assistantMessages,
                failed,
                stopped,
                promptTokens,
                completionTokens,
                totalTokens,
                firstTokenMillis,
                firstTokenCount,
                replyMillis,
                replyCount;
        final Set<UUID> activeSessions = new HashSet<>();

        void count(Object payload) {
            if (payload instanceof SessionCreated) {
                sessionsCreated++;
            } else if (payload instanceof SessionForked) {
                sessionsForked++;
            } else if (payload instanceof SessionDeleted) {
                sessionsDeleted++;
            } else {
                count((MessagePosted) payload);
            }
        }

        private void count(MessagePosted posted) {
            activeSessions.add(posted.sessionId());
            if (posted.role() == Role.USER) {
                userMessages++;
            } else {
                assistantMessages++;
            }
            failed += posted.status() == MessageStatus.FAILED ? 1 : 0;
            stopped += posted.status() == MessageStatus.STOPPED ? 1 : 0;
            ReplyDetails reply = posted.reply();
            if (reply == null) {
                return;
            }
            promptTokens += reply.promptTokens() == null ? 0 : reply.promptTokens();
            completionTokens += reply.completionTokens() == null ? 0 : reply.completionTokens();
            totalTokens += reply.totalTokens() == null ? 0 : reply.totalTokens();
            if (reply.firstTokenMillis() != null) {
                firstTokenMillis += reply.firstTokenMillis();
                firstTokenCount++;
            }
            if (reply.totalMillis() != null) {
                replyMillis += reply.totalMillis();
                replyCount++;
            }
        }

        AnalyticsFigures figures(LocalDate day) {
            return new AnalyticsFigures(
                    day,
                    sessionsCreated,
                    sessionsDeleted,
                    userMessages,
                    assistantMessages,
                    failed,
                    stopped,
                    promptTokens,
                    completionTokens,
                    totalTokens,
                    firstTokenCount == 0 ? null : (double) firstTokenMillis / firstTokenCount,
                    replyCount == 0 ? null : (double) replyMillis / replyCount,
                    activeSessions.isEmpty()
                            ? null
                            : (double) (userMessages + assistantMessages) / activeSessions.size(),
                    sessionsForked,
                    0,
                    0,
                    0,
                    0);
        }
    }
}
