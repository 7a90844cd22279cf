package dev.chatsessions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.query.message.MessageProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Where a projection stands, as the token table tells it, also while it replays. */
class ReadModelFreshnessIntegrationTest {

    private static final Duration MAX_WAIT = Duration.ofSeconds(3);

    private final ReadModelDatabase database = ReadModelDatabase.shared();
    private final JdbcClient jdbc = database.jdbc();
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final ReadModelFreshness freshness =
            new ReadModelFreshness(new ProjectionTokens(jdbc, serializer), new ProjectionCommits(), MAX_WAIT);
    private long head;

    /** Two segments, as Axon splits a processor into two. */
    private static final Segment[] TWO_SEGMENTS = Segment.computeSegments(0, 1);

    private final String aggregateOfSegmentZero = aggregateOf(TWO_SEGMENTS[0]);

    @BeforeEach
    void oneMessageInTheEventStore() {
        database.clear();
        head = jdbc.sql("""
                        insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                                                        time_stamp, payload_type, payload)
                        values (?, ?, 1, 'ChatSession', ?, ?, '{}'::bytea) returning global_index""")
                .params(
                        UUID.randomUUID().toString(),
                        aggregateOfSegmentZero,
                        Instant.now().toString(),
                        MessagePosted.class.getName())
                .query(Long.class)
                .single();
    }

    /** The other tests of the shared database expect no events. */
    @AfterEach
    void noEvents() {
        jdbc.sql("delete from domain_event_entry").update();
        database.clear();
    }

    @Test
    void aSegmentResetForAReplayThatFoldedNothingYetIsBehindNotAFailure() {
        storeToken(0, new GapAwareTrackingToken(head, List.of()));
        storeToken(1, ReplayToken.createReplayToken(new GapAwareTrackingToken(head, List.of()), null));

        long started = System.nanoTime();
        freshness.await(ReadModel.of(MessageProjection.class));

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("waited for the replaying segment until the maximum wait")
                .isGreaterThanOrEqualTo(MAX_WAIT);
    }

    @Test
    void segmentsPastTheNewestEventAreCaughtUp() {
        storeToken(0, new GapAwareTrackingToken(head, List.of()));
        storeToken(1, new GapAwareTrackingToken(head, List.of()));

        long started = System.nanoTime();
        freshness.await(ReadModel.of(MessageProjection.class));

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("answered without waiting out the maximum wait")
                .isLessThan(MAX_WAIT);
    }

    @Test
    void aSegmentBehindOnlyOnTheOtherSegmentsEventsIsCaughtUp() {
        storeToken(0, new GapAwareTrackingToken(head, List.of()));
        storeToken(1, new GapAwareTrackingToken(head - 1, List.of()));

        long started = System.nanoTime();
        freshness.await(ReadModel.of(MessageProjection.class));

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("did not wait for a segment that has nothing of its own to fold")
                .isLessThan(MAX_WAIT);
    }

    @Test
    void aSegmentBehindOnItsOwnEventIsBehind() {
        storeToken(0, new GapAwareTrackingToken(head - 1, List.of()));
        storeToken(1, new GapAwareTrackingToken(head, List.of()));

        long started = System.nanoTime();
        freshness.await(ReadModel.of(MessageProjection.class));

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("waited for the segment that owes the event until the maximum wait")
                .isGreaterThanOrEqualTo(MAX_WAIT);
    }

    private static String aggregateOf(Segment segment) {
        while (true) {
            String aggregate = UUID.randomUUID().toString();
            if (segment.matches(aggregate)) {
                return aggregate;
            }
        }
    }

    private void storeToken(int segment, TrackingToken token) {
        var serialized = serializer.serialize(token, byte[].class);
        jdbc.sql("insert into token_entry (processor_name, segment, token, token_type) values (?, ?, ?, ?)")
                .params(
                        MessageProjection.NAME,
                        segment,
                        serialized.getData(),
                        serialized.getType().getName())
                .update();
    }
}
