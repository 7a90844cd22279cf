package dev.chatsessions.command.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionImported;
import dev.chatsessions.api.SessionRenamed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Snapshots are the aggregate itself, written by the general serializer: Axon's JacksonSerializer on Spring Boot's
 * ObjectMapper. This builds that ObjectMapper the way the application does (Boot's Jackson auto-configuration and
 * the {@code spring.jackson.*} settings of shared-side.properties), and checks that every field survives.
 */
class ChatSessionSnapshotTest {

    private static final Instant CREATED = Instant.parse("2025-10-12T15:30:00.123Z");
    private static final Instant RENAMED = Instant.parse("2025-10-12T15:31:00.456Z");
    private static final Instant POSTED = Instant.parse("2025-10-12T15:32:00.789Z");

    private static JacksonSerializer serializer;

    @BeforeAll
    static void springBootsSerializer() throws IOException {
        var properties = PropertiesLoaderUtils.loadProperties(new ClassPathResource("shared-side.properties"));
        String[] jackson = properties.stringPropertyNames().stream()
                .filter(name -> name.startsWith("spring.jackson."))
                .map(name -> name + "=" + properties.getProperty(name))
                .toArray(String[]::new);
        assertThat(jackson)
                .contains(
                        "spring.jackson.serialization.write-enums-using-to-string=true",
                        "spring.jackson.deserialization.read-enums-using-to-string=true");
        var objectMapper = new AtomicReference<ObjectMapper>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withPropertyValues(jackson)
                .run(context -> objectMapper.set(context.getBean(ObjectMapper.class)));
        serializer =
                JacksonSerializer.builder().objectMapper(objectMapper.get()).build();
    }

    private static ChatSession sourced(Object... events) {
        ChatSession session = new ChatSession();
        for (Object event : events) {
            if (event instanceof SessionCreated e) {
                session.on(e, CREATED);
            } else if (event instanceof SessionRenamed e) {
                session.on(e, RENAMED);
            } else if (event instanceof MessagePosted e) {
                session.on(e, POSTED);
            } else if (event instanceof SessionImported e) {
                session.on(e, CREATED);
            }
        }
        return session;
    }

    private static ChatSession roundTrip(ChatSession session) {
        SerializedObject<byte[]> snapshot = serializer.serialize(session, byte[].class);
        assertThat(snapshot.getType().getName()).isEqualTo(ChatSession.class.getName());
        return serializer.deserialize(snapshot);
    }

    @Test
    void keepsEveryFieldOfARenamedSessionWithMessages() {
        UUID sessionId = UUID.randomUUID();
        ChatSession session = sourced(
                new SessionCreated(sessionId, UUID.randomUUID(), "alice", "New Chat"),
                new MessagePosted(
                        sessionId, UUID.randomUUID(), 1, Role.USER, "Plan my trip", MessageStatus.COMPLETE, null),
                new SessionRenamed(sessionId, "Plan my trip", true),
                new MessagePosted(
                        sessionId, UUID.randomUUID(), 2, Role.ASSISTANT, "Where to?", MessageStatus.COMPLETE, null));
        assertThat(session).hasNoNullFieldsOrPropertiesExcept("replyInProgress", "originalCreatedAt");

        ChatSession restored = roundTrip(session);

        assertThat(restored).usingRecursiveComparison().isEqualTo(session);
        assertThat(restored.view()).isEqualTo(session.view());
        assertThat(restored.view().messageCount()).isEqualTo(2);
        assertThat(restored.view().lastMessageAt()).isEqualTo(POSTED);
    }

    @Test
    void keepsAFreshSessionStillWaitingForItsAutoName() {
        UUID sessionId = UUID.randomUUID();
        ChatSession session = sourced(new SessionCreated(sessionId, UUID.randomUUID(), "alice", "New Chat"));

        ChatSession restored = roundTrip(session);

        assertThat(restored).usingRecursiveComparison().isEqualTo(session);
        assertThat(restored).hasFieldOrPropertyWithValue("autoNameable", true);
        assertThat(restored.view().lastMessageAt()).isNull();
    }

    @Test
    void keepsWhenAnImportedConversationBegan() {
        UUID sessionId = UUID.randomUUID();
        Instant began = Instant.parse("2023-11-14T22:13:20.123Z");
        ChatSession session = sourced(
                new SessionImported(
                        sessionId, UUID.randomUUID(), "alice", "Lisbon", "chatgpt", "c-1", began, List.of()),
                new MessagePosted(
                        sessionId, UUID.randomUUID(), 1, Role.USER, "Plan my trip", MessageStatus.COMPLETE, null));

        ChatSession restored = roundTrip(session);

        assertThat(restored).usingRecursiveComparison().isEqualTo(session);
        assertThat(restored.view().originalCreatedAt()).isEqualTo(began);
        assertThat(restored).hasFieldOrPropertyWithValue("autoNameable", false);
    }

    @Test
    void keepsPinnedAndArchived() {
        UUID sessionId = UUID.randomUUID();
        ChatSession session = sourced(new SessionCreated(sessionId, UUID.randomUUID(), "alice", "Roadmap"));
        session.on(new dev.chatsessions.api.SessionPinned(sessionId));
        session.on(new dev.chatsessions.api.SessionArchived(sessionId));

        ChatSession restored = roundTrip(session);

        assertThat(restored).usingRecursiveComparison().isEqualTo(session);
        assertThat(restored.view().pinned()).isTrue();
        assertThat(restored.view().archived()).isTrue();
    }

    @Test
    void keepsManualNameDecision() {
        UUID sessionId = UUID.randomUUID();
        ChatSession restored = roundTrip(sourced(
                new SessionCreated(sessionId, UUID.randomUUID(), "alice", "New Chat"),
                new SessionRenamed(sessionId, "Mine", false)));

        assertThat(restored).hasFieldOrPropertyWithValue("autoNameable", false);
        assertThat(restored.view().name()).isEqualTo("Mine");
    }

    @Test
    void holdsNoMessageBodies() {
        UUID sessionId = UUID.randomUUID();
        ChatSession session = sourced(
                new SessionCreated(sessionId, UUID.randomUUID(), "alice", "Named"),
                new MessagePosted(
                        sessionId, UUID.randomUUID(), 1, Role.USER, "a secret body", MessageStatus.COMPLETE, null));

        String json = new String(serializer.serialize(session, byte[].class).getData(), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("a secret body").contains("\"2025-10-12T15:30:00.123Z\"");
    }
}
