package dev.chatsessions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionForked;
import dev.chatsessions.api.SessionImported;
import dev.chatsessions.query.analytics.AnalyticsProjection;
import dev.chatsessions.query.message.MessageProjection;
import dev.chatsessions.query.session.SessionListProjection;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes waits for the stored payload types a projection's handlers name. A handler of an interface
 * (such as {@code SessionStart}) names no stored type: a query right after a fork or an import would not wait for
 * it. Every way a session begins must be named by each projection that folds it.
 */
class ReadModelTest {

    @Test
    void everyProjectionOfSessionsWaitsForEveryWayASessionBegins() {
        for (Class<?> projection :
                new Class<?>[] {SessionListProjection.class, MessageProjection.class, AnalyticsProjection.class}) {
            assertThat(ReadModel.of(projection).eventTypes())
                    .as(projection.getSimpleName())
                    .contains(
                            SessionCreated.class.getName(),
                            SessionForked.class.getName(),
                            SessionImported.class.getName());
        }
    }
}
