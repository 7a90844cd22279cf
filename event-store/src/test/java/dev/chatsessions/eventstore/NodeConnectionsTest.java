package dev.chatsessions.eventstore;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeConnectionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void refusesANodeNameThatCannotTravelInApplicationNameAndNotifications() {
        for (String name : new String[] {"", "two words", "x".repeat(51), "naïve", "a;b"}) {
            assertThatThrownBy(() -> new NodeConnections(name, TIMEOUT, TIMEOUT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chat.node-name");
        }
        assertThatCode(() -> new NodeConnections("node-1.eu_west", TIMEOUT, TIMEOUT))
                .doesNotThrowAnyException();
    }
}
