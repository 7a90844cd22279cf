package dev.chatsessions.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.Role;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

class MessagePostedUpcasterTest {

    /** Serialized as the service serializes events (enums by their lower-case names). */
    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper()
                    .findAndRegisterModules()
                    .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
                    .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING))
            .build();

    @Test
    void revisionOnePayloadLoadsAsRevisionTwoWithoutReply() {
        UUID sessionId = UUID.randomUUID();
        UUID messageId = UUID.randomUUID();
        String revisionOne = """
                {"sessionId":"%s","messageId":"%s","seq":3,"role":"user","content":"Hi","status":"complete"}""".formatted(sessionId, messageId);
        var entry = new GenericDomainEventEntry<>(
                "ChatSession",
                sessionId.toString(),
                2,
                UUID.randomUUID().toString(),
                Instant.now(),
                MessagePosted.class.getName(),
                "1",
                revisionOne.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));

        List<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new MessagePostedUpcaster())
                .upcast(Stream.of(new InitialEventRepresentation(entry, serializer)))
                .toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        MessagePosted event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event)
                .isEqualTo(new MessagePosted(sessionId, messageId, 3, Role.USER, "Hi", MessageStatus.COMPLETE, null));
    }

    @Test
    void leavesRevisionTwoAlone() {
        var entry = new GenericDomainEventEntry<>(
                "ChatSession",
                "s",
                0,
                "e",
                Instant.now(),
                MessagePosted.class.getName(),
                "2",
                "{}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        var representation = new InitialEventRepresentation(entry, serializer);
        assertThat(new EventUpcasterChain(new MessagePostedUpcaster())
                        .upcast(Stream.of(representation))
                        .toList())
                .containsExactly(representation);
    }
}
