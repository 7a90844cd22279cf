package dev.chatsessions.query.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.AnalyticsFigures;
import dev.chatsessions.api.FeedbackCleared;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.FindProjectAnalytics;
import dev.chatsessions.api.ProjectAnalytics;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.Rating;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.query.projection.ReadModelDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feedback counted per day: given up, given down (a change counts again), and removed. */
class AnalyticsFeedbackIntegrationTest {

    private static final Instant DAY1 = Instant.parse("2025-10-12T23:59:00Z");
    private static final Instant DAY2 = Instant.parse("2025-10-13T00:01:00Z");

    private static final ReadModelDatabase db = ReadModelDatabase.shared();
    private AnalyticsProjection projection;
    private final UUID project = UUID.randomUUID();
    private final UUID session = UUID.randomUUID();
    private final UUID reply = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        db.clear();
        projection = new AnalyticsProjection(db.jdbc(), db.writes());
    }

    private List<EventMessage<?>> events() {
        return List.of(
                at(new ProjectCreated(project, "alice", "P", null), DAY1),
                at(new SessionCreated(session, project, "alice", "S"), DAY1),
                at(new FeedbackGiven(session, reply, Rating.UP, "nice"), DAY1),
                at(new FeedbackGiven(session, reply, Rating.DOWN, null), DAY1),
                at(new FeedbackGiven(session, UUID.randomUUID(), Rating.UP, null), DAY2),
                at(new FeedbackCleared(session, reply), DAY2));
    }

    @Test
    void countsFeedbackPerDay() throws Throwable {
        db.foldInOneBatch(events(), projection);

        ProjectAnalytics analytics = projection
                .handle(new FindProjectAnalytics(
                        "alice", project, LocalDate.parse("2025-10-12"), LocalDate.parse("2025-10-13")))
                .orElseThrow();

        assertThat(analytics.days())
                .extracting(
                        AnalyticsFigures::day, AnalyticsFigures::feedbackUp,
                        AnalyticsFigures::feedbackDown, AnalyticsFigures::feedbackCleared)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-10-12"), 1L, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-10-13"), 1L, 0L, 1L));
        assertThat(analytics.totals().feedbackUp()).isEqualTo(2);
        assertThat(analytics.totals().feedbackDown()).isEqualTo(1);
        assertThat(analytics.totals().feedbackCleared()).isEqualTo(1);
    }

    @Test
    void aBatchCountsWhatTheEventsCountOneByOne() throws Throwable {
        db.assertOneBatchFoldsAsEventByEvent(events(), projection, "analytics_day");

        assertThat(db.rows("analytics_day")).hasSize(2);
    }

    private static EventMessage<?> at(Object payload, Instant timestamp) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, MetaData.emptyInstance(), timestamp);
    }
}
