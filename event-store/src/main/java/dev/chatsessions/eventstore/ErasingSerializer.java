package dev.chatsessions.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionRenamed;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.util.Map;
import java.util.UUID;

/**
 * The event serializer: Jackson, with the text users wrote (message contents, session names, feedback comments)
 * encrypted with the session's key on the way into the store and decrypted on the way out. Once a session's key is destroyed, that
 * text reads as null everywhere (aggregates, projections, replays, the audit stream) while the rest of each event
 * stays readable.
 */
public class ErasingSerializer implements Serializer {

    /** Payload type to the field holding user text; every such payload names its session in {@code sessionId}. */
    private static final Map<String, String> USER_TEXT = Map.of(
            SessionCreated.class.getName(), "name",
            SessionRenamed.class.getName(), "name",
            MessagePosted.class.getName(), "content",
            FeedbackGiven.class.getName(), "comment");

    private final Serializer jackson;
    private final SessionKeys keys;

    public ErasingSerializer(Serializer jackson, SessionKeys keys) {
        this.jackson = jackson;
        this.keys = keys;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        String field = object == null ? null : USER_TEXT.get(object.getClass().getName());
        if (field == null) {
            return jackson.serialize(object, expectedRepresentation);
        }
        SerializedObject<JsonNode> plain = jackson.serialize(object, JsonNode.class);
        ObjectNode payload = plain.getData().deepCopy();
        JsonNode text = payload.get(field);
        if (text != null && text.isTextual()) {
            payload.put(field, keys.encrypt(sessionOf(payload), text.asText()));
        }
        return getConverter().convert(new SimpleSerializedObject<>(payload, JsonNode.class, plain.getType()),
                                      expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        String field = USER_TEXT.get(serializedObject.getType().getName());
        if (field == null) {
            return jackson.deserialize(serializedObject);
        }
        ObjectNode payload = getConverter().convert(serializedObject, JsonNode.class).getData().deepCopy();
        JsonNode text = payload.get(field);
        if (text != null && text.isTextual()) {
            payload.put(field, keys.decrypt(sessionOf(payload), text.asText()).orElse(null));
        }
        return jackson.deserialize(new SimpleSerializedObject<>(payload, JsonNode.class, serializedObject.getType()));
    }

    private static UUID sessionOf(JsonNode payload) {
        return UUID.fromString(payload.get("sessionId").asText());
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return jackson.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return jackson.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return jackson.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return jackson.getConverter();
    }
}
