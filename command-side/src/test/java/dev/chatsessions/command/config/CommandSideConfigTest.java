package dev.chatsessions.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.command.idempotency.ClientRequestClaims;
import dev.chatsessions.command.session.ChatSession;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The snapshot threshold of chat sessions comes from {@code chat.snapshot.threshold}. */
class CommandSideConfigTest {

    private final List<String> snapshotsScheduled = new ArrayList<>();
    private final String sessionId = UUID.randomUUID().toString();

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(CommandSideConfig.class)
            .withBean(CommandBus.class, () -> SimpleCommandBus.builder().build())
            .withBean(ClientRequestClaims.class, () -> mock(ClientRequestClaims.class))
            .withBean(Snapshotter.class, () -> (type, id) -> snapshotsScheduled.add(type.getSimpleName() + " " + id));

    /** Feeds events to a fresh trigger, as the repository does while sourcing and applying, one by one. */
    private int eventsUntilSnapshot(SnapshotTriggerDefinition definition) {
        SnapshotTrigger trigger = definition.prepareTrigger(ChatSession.class);
        for (int n = 1; n <= 1_000; n++) {
            trigger.eventHandled(new GenericDomainEventMessage<>(
                    "ChatSession", sessionId, n - 1, new SessionCreated(null, null, null, null)));
            if (!snapshotsScheduled.isEmpty()) {
                return n;
            }
        }
        return -1;
    }

    @Test
    void snapshotsEveryFiftyEventsByDefault() {
        context.run(ctx -> {
            assertThat(eventsUntilSnapshot(ctx.getBean("chatSessionSnapshotTrigger", SnapshotTriggerDefinition.class)))
                    .isEqualTo(50);
            assertThat(snapshotsScheduled).containsExactly("ChatSession " + sessionId);
        });
    }

    @Test
    void takesSnapshotThresholdFromProperty() {
        context.withPropertyValues("chat.snapshot.threshold=3").run(ctx -> {
            assertThat(eventsUntilSnapshot(ctx.getBean("chatSessionSnapshotTrigger", SnapshotTriggerDefinition.class)))
                    .isEqualTo(3);
            assertThat(snapshotsScheduled).containsExactly("ChatSession " + sessionId);
        });
    }
}
