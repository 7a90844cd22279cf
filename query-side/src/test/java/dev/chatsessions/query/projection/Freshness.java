package dev.chatsessions.query.projection;

import java.time.Duration;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Builds the read-your-writes check for tests that construct projections by hand. */
public final class Freshness {

    private Freshness() {}

    /** With no events in {@code domain_event_entry} there is nothing to wait for, and it answers at once. */
    public static ReadModelFreshness on(JdbcClient jdbc) {
        return new ReadModelFreshness(
                new ProjectionTokens(jdbc, JacksonSerializer.defaultSerializer()),
                new ProjectionCommits(),
                Duration.ofSeconds(5));
    }
}
