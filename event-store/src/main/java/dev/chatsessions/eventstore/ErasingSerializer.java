package dev.chatsessions.eventstore;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionForked;
import dev.chatsessions.api.SessionImported;
import dev.chatsessions.api.SessionRenamed;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * Jackson, with the text users wrote (message contents, session names, feedback comments, reply errors that may
 * quote them) encrypted
 * with the session's key on the way into the store and decrypted on the way out. Once a session's key is
 * destroyed, that text reads as null everywhere (aggregates, projections, replays, the audit stream) while the
 * rest of each payload stays readable. One instance serializes events ({@link #forEvents}), another snapshots
 * ({@link #forSnapshots}), which are refused once the session's key is gone.
 */
public class ErasingSerializer implements Serializer {

    /** Event payload type to the fields holding user text; every such payload names its session in {@code sessionId}. */
    private static final Map<String, List<String>> EVENT_TEXT = Map.of(
            SessionCreated.class.getName(), List.of("/name"),
            SessionForked.class.getName(), List.of("/name"),
            SessionImported.class.getName(), List.of("/name"),
            SessionRenamed.class.getName(), List.of("/name"),
            MessagePosted.class.getName(), List.of("/content", "/reply/error"),
            FeedbackGiven.class.getName(), List.of("/comment"));

    private final Serializer jackson;
    private final SessionKeys keys;
    private final Map<String, List<JsonPointer>> userText;
    private final boolean snapshots;

    private ErasingSerializer(
            Serializer jackson, SessionKeys keys, Map<String, List<String>> userText, boolean snapshots) {
        this.jackson = jackson;
        this.keys = keys;
        this.userText = userText.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey,
                        e -> e.getValue().stream().map(JsonPointer::compile).toList()));
        this.snapshots = snapshots;
    }

    public static ErasingSerializer forEvents(Serializer jackson, SessionKeys keys) {
        return new ErasingSerializer(jackson, keys, EVENT_TEXT, false);
    }

    /** {@code userText}: aggregate type to the fields of its snapshot holding user text, next to {@code sessionId}. */
    public static ErasingSerializer forSnapshots(
            Serializer jackson, SessionKeys keys, Map<String, List<String>> userText) {
        return new ErasingSerializer(jackson, keys, userText, true);
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        List<JsonPointer> fields =
                object == null ? null : userText.get(object.getClass().getName());
        if (fields == null) {
            return jackson.serialize(object, expectedRepresentation);
        }
        SerializedObject<JsonNode> plain = jackson.serialize(object, JsonNode.class);
        ObjectNode payload = plain.getData().deepCopy();
        UUID session = sessionOf(payload);
        for (JsonPointer field : fields) {
            replaceText(
                    payload,
                    field,
                    text -> snapshots ? keys.encryptForSnapshot(session, text) : keys.encrypt(session, text));
        }
        return getConverter()
                .convert(
                        new SimpleSerializedObject<>(payload, JsonNode.class, plain.getType()), expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        List<JsonPointer> fields = userText.get(serializedObject.getType().getName());
        if (fields == null) {
            return jackson.deserialize(serializedObject);
        }
        ObjectNode payload = getConverter()
                .convert(serializedObject, JsonNode.class)
                .getData()
                .deepCopy();
        UUID session = sessionOf(payload);
        for (JsonPointer field : fields) {
            replaceText(payload, field, text -> keys.decrypt(session, text).orElse(null));
        }
        return jackson.deserialize(new SimpleSerializedObject<>(payload, JsonNode.class, serializedObject.getType()));
    }

    private static void replaceText(ObjectNode payload, JsonPointer field, UnaryOperator<String> replacement) {
        if (payload.at(field.head()) instanceof ObjectNode parent) {
            String name = field.last().getMatchingProperty();
            JsonNode text = parent.get(name);
            if (text != null && text.isTextual()) {
                parent.put(name, replacement.apply(text.asText()));
            }
        }
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
