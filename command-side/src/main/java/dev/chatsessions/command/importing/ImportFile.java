package dev.chatsessions.command.importing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.api.ImportedMessage;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.Role;
import dev.chatsessions.command.RejectedInput;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Reads an import file with Jackson's streaming parser, one conversation at a time (only the conversation being read
 * is in memory), and hands each on as the messages to import. Two formats, told apart by the first token:
 * <ul>
 * <li>ChatGPT's {@code conversations.json}, an array of conversations: each {@code mapping} (a tree of messages, one
 * branch per edit or regenerated reply) is followed from {@code current_node} back to the root, which is the branch
 * the user last saw; system, tool and hidden messages and messages without text are skipped, a message's text parts
 * are joined with line breaks, {@code create_time} (seconds since the epoch) is kept, the title is the name;</li>
 * <li>this service's project export, {@code {project, sessions: [{session, messages}]}}: each session's own id is the
 * source id, its {@code originalCreatedAt} (else {@code createdAt}) and each message's are kept; empty messages
 * (a reply that failed before any text) are skipped.</li>
 * </ul>
 * U+0000, which PostgreSQL cannot store, is removed from imported text. Anything that is not one of these formats is
 * {@link RejectedInput} on {@code file}, naming where it broke.
 */
public final class ImportFile {

    /** A conversation's id in its source is remembered (and indexed) to skip it when imported again. */
    public static final int MAX_ID_LENGTH = 200;

    public static final String CHATGPT = "chatgpt";
    public static final String CHAT_SESSIONS = "chat-sessions";

    /** One conversation to import. */
    public record Conversation(
            String source, String sourceId, String name, Instant originalCreatedAt, List<ImportedMessage> messages) {}

    private final ObjectMapper mapper;
    private final UnaryOperator<String> contentCheck;

    /** {@code contentCheck} returns null for content it accepts, else what is wrong with it. */
    public ImportFile(ObjectMapper mapper, UnaryOperator<String> contentCheck) {
        this.mapper = mapper;
        this.contentCheck = contentCheck;
    }

    public void read(InputStream in, Consumer<Conversation> each) throws IOException {
        try (JsonParser parser = mapper.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                int index = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    each.accept(chatGpt(parser.readValueAsTree(), "[" + index++ + "]"));
                }
                expect(parser, parser.currentToken() == JsonToken.END_ARRAY, "a conversation object");
            } else if (first == JsonToken.START_OBJECT) {
                readProjectExport(parser, each);
            } else {
                throw malformed("must be ChatGPT's conversations.json (an array) or a project export (an object)");
            }
            expect(parser, parser.nextToken() == null, "the end of the file");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw malformed("is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage());
        }
    }

    private void readProjectExport(JsonParser parser, Consumer<Conversation> each) throws IOException {
        boolean sessions = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("sessions")) {
                expect(parser, value == JsonToken.START_ARRAY, "an array of sessions");
                sessions = true;
                int index = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    each.accept(exported(parser.readValueAsTree(), "sessions[" + index++ + "]"));
                }
                expect(parser, parser.currentToken() == JsonToken.END_ARRAY, "a session object");
            } else {
                parser.skipChildren();
            }
        }
        if (!sessions) {
            throw malformed("is an object without \"sessions\": not a project export");
        }
    }

    private static void expect(JsonParser parser, boolean holds, String what) {
        if (!holds) {
            var at = parser.currentLocation();
            throw malformed("has " + parser.currentToken() + " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + " where " + what + " belongs");
        }
    }

    // ---- ChatGPT ------------------------------------------------------------------------------------------------

    private Conversation chatGpt(JsonNode conversation, String where) {
        String id = text(conversation, "conversation_id");
        if (id == null) {
            id = text(conversation, "id");
        }
        if (id == null || id.length() > MAX_ID_LENGTH) {
            throw malformed(where + " has no id of 1 to " + MAX_ID_LENGTH + " characters");
        }
        where = where + " (" + id + ")";
        JsonNode mapping = conversation.get("mapping");
        if (mapping == null || !mapping.isObject()) {
            throw malformed(where + " has no mapping");
        }
        String node = text(conversation, "current_node");
        if (node == null) {
            throw malformed(where + " has no current_node");
        }
        List<JsonNode> branch = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (node != null) {
            if (!seen.add(node)) {
                throw malformed(where + ".mapping loops at node " + node);
            }
            JsonNode entry = mapping.get(node);
            if (entry == null || !entry.isObject()) {
                throw malformed(where + ".mapping has no node " + node);
            }
            branch.add(entry);
            node = text(entry, "parent");
        }
        Collections.reverse(branch);
        List<ImportedMessage> messages = new ArrayList<>();
        for (JsonNode entry : branch) {
            ImportedMessage message = chatGptMessage(entry.get("message"), where + ".mapping." + text(entry, "id"));
            if (message != null) {
                messages.add(message);
            }
        }
        return new Conversation(
                CHATGPT,
                withoutNul(id),
                withoutNul(text(conversation, "title")),
                seconds(conversation.get("create_time"), where + ".create_time"),
                messages);
    }

    /** Null for what is not a visible user or assistant message with text. */
    private ImportedMessage chatGptMessage(JsonNode message, String where) {
        if (message == null || !message.isObject()) {
            return null;
        }
        String role = text(message.path("author"), "role");
        Role kind = "user".equals(role) ? Role.USER : "assistant".equals(role) ? Role.ASSISTANT : null;
        if (kind == null
                || message.at("/metadata/is_visually_hidden_from_conversation").asBoolean(false)) {
            return null;
        }
        JsonNode content = message.path("content");
        List<String> parts = new ArrayList<>();
        if (content.path("parts").isArray()) {
            content.path("parts").forEach(part -> {
                if (part.isTextual()) {
                    parts.add(part.asText());
                } else if (part.path("text").isTextual()) {
                    parts.add(part.path("text").asText());
                }
            });
        } else if (content.path("text").isTextual()) {
            parts.add(content.path("text").asText());
        }
        String text = withoutNul(String.join("\n", parts));
        if (text.isBlank()) {
            return null;
        }
        checkContent(text, where);
        return new ImportedMessage(
                kind, text, MessageStatus.COMPLETE, seconds(message.get("create_time"), where + ".create_time"));
    }

    /** ChatGPT's times: seconds since the epoch with a fraction, or null. */
    private static Instant seconds(JsonNode time, String where) {
        if (time == null || time.isNull()) {
            return null;
        }
        if (!time.isNumber()) {
            throw malformed(where + " must be seconds since the epoch");
        }
        long millis = time.decimalValue()
                .movePointRight(3)
                .setScale(0, java.math.RoundingMode.HALF_UP)
                .min(BigDecimal.valueOf(253402300799999L))
                .max(BigDecimal.ZERO)
                .longValue();
        return Instant.ofEpochMilli(millis);
    }

    // ---- this service's export ------------------------------------------------------------------------------------

    private Conversation exported(JsonNode entry, String where) {
        JsonNode session = entry.get("session");
        if (session == null || !session.isObject()) {
            throw malformed(where + " has no session");
        }
        String id = text(session, "id");
        if (id == null || id.length() > MAX_ID_LENGTH) {
            throw malformed(where + ".session has no id of 1 to " + MAX_ID_LENGTH + " characters");
        }
        Instant began = instant(session, "originalCreatedAt", where + ".session");
        if (began == null) {
            began = instant(session, "createdAt", where + ".session");
        }
        JsonNode items = entry.get("messages");
        if (items == null || !items.isArray()) {
            throw malformed(where + " has no messages array");
        }
        List<ImportedMessage> messages = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = where + ".messages[" + i + "]";
            JsonNode item = items.get(i);
            String role = text(item, "role");
            Role kind = "user".equals(role) ? Role.USER : "assistant".equals(role) ? Role.ASSISTANT : null;
            if (kind == null) {
                throw malformed(at + ".role must be \"user\" or \"assistant\"");
            }
            String content = text(item, "content");
            if (content == null) {
                throw malformed(at + ".content is missing");
            }
            content = withoutNul(content);
            if (content.isBlank()) {
                continue;
            }
            checkContent(content, at);
            Instant written = instant(item, "originalCreatedAt", at);
            messages.add(new ImportedMessage(
                    kind,
                    content,
                    status(text(item, "status"), at),
                    written != null ? written : instant(item, "createdAt", at)));
        }
        return new Conversation(CHAT_SESSIONS, withoutNul(id), withoutNul(text(session, "name")), began, messages);
    }

    private static MessageStatus status(String status, String where) {
        if (status == null) {
            return MessageStatus.COMPLETE;
        }
        for (MessageStatus known : MessageStatus.values()) {
            if (known.toString().equals(status)) {
                return known;
            }
        }
        throw malformed(where + ".status must be \"complete\", \"stopped\" or \"failed\"");
    }

    private static Instant instant(JsonNode node, String field, String where) {
        String text = text(node, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed(where + "." + field + " is not an ISO-8601 instant");
        }
    }

    // ---- both ---------------------------------------------------------------------------------------------------

    private void checkContent(String content, String where) {
        String wrong = contentCheck.apply(content);
        if (wrong != null) {
            throw malformed(where + ": " + wrong);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }

    private static RejectedInput malformed(String message) {
        return new RejectedInput("file", message);
    }
}
