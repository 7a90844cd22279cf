package dev.chatsessions.query.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.FindProject;
import dev.chatsessions.api.FindSession;
import dev.chatsessions.api.FindSessions;
import dev.chatsessions.api.MessagePage;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionPage;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.NotFound;
import dev.chatsessions.query.Queries;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Writes conversations out as they are read, a page at a time, through the same queries the read endpoints answer:
 * whatever the size of a project, no more than one page of sessions and one of messages is in memory.
 */
@Component
public class Exports {

    static final int PAGE = 200;

    private final Queries queries;
    private final ObjectMapper objectMapper;

    Exports(Queries queries, ObjectMapper objectMapper) {
        this.queries = queries;
        this.objectMapper = objectMapper;
    }

    public SessionView session(String userId, UUID sessionId) {
        return queries.found(new FindSession(userId, sessionId), SessionView.class);
    }

    public ProjectView project(String userId, UUID projectId) {
        return queries.found(new FindProject(userId, projectId), ProjectView.class);
    }

    /** {@code {session, messages}}. */
    public void sessionAsJson(String userId, SessionView session, OutputStream out) throws IOException {
        MessagePage first = messages(userId, session.id(), null).orElseThrow(NotFound::new);
        try (JsonGenerator json = objectMapper.createGenerator(out, JsonEncoding.UTF8)) {
            writeSession(json, userId, session, first);
        }
    }

    /** {@code {project, sessions: [{session, messages}]}}, the sessions most recently updated first. */
    public void projectAsJson(String userId, ProjectView project, OutputStream out) throws IOException {
        try (JsonGenerator json = objectMapper.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeObjectField("project", project);
            json.writeArrayFieldStart("sessions");
            String cursor = null;
            do {
                SessionPage page =
                        queries.found(new FindSessions(userId, project.id(), PAGE, cursor), SessionPage.class);
                for (SessionView session : page.items()) {
                    // a session deleted since it was listed is left out
                    var first = messages(userId, session.id(), null);
                    if (first.isPresent()) {
                        writeSession(json, userId, session, first.get());
                    }
                }
                json.flush();
                cursor = page.nextCursor();
            } while (cursor != null);
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private void writeSession(JsonGenerator json, String userId, SessionView session, MessagePage first)
            throws IOException {
        json.writeStartObject();
        json.writeObjectField("session", session);
        json.writeArrayFieldStart("messages");
        try {
            eachMessage(userId, session.id(), first, message -> {
                try {
                    json.writeObject(message);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * The conversation as Markdown: the name as the title, each message under its role as a heading with its time,
     * its content verbatim (so code blocks stay code blocks), a reply that did not complete marked so.
     */
    public void sessionAsMarkdown(String userId, SessionView session, OutputStream out) throws IOException {
        MessagePage first = messages(userId, session.id(), null).orElseThrow(NotFound::new);
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        text.write("# " + session.name() + "\n\n");
        text.write("Exported from chat-sessions. Session `" + session.id() + "`, created " + session.createdAt() + ", "
                + session.messageCount() + " messages.\n");
        try {
            eachMessage(userId, session.id(), first, message -> {
                try {
                    text.write("\n## " + (message.role() == Role.USER ? "User" : "Assistant") + "\n\n");
                    text.write("_" + message.createdAt()
                            + (message.status() == MessageStatus.COMPLETE
                                    ? ""
                                    : ", " + message.status().name().toLowerCase())
                            + "_\n\n");
                    text.write(message.content());
                    text.write(message.content().endsWith("\n") ? "" : "\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        text.flush();
    }

    /**
     * Each message of the session from its {@code first} page on, a page at a time, to the last one; or to where the
     * session was deleted meanwhile: what was written stays well-formed.
     */
    private void eachMessage(String userId, UUID sessionId, MessagePage first, Consumer<MessageView> action) {
        Optional<MessagePage> page = Optional.of(first);
        while (page.isPresent()) {
            page.get().items().forEach(action);
            String cursor = page.get().nextCursor();
            page = cursor == null ? Optional.empty() : messages(userId, sessionId, cursor);
        }
    }

    private Optional<MessagePage> messages(String userId, UUID sessionId, String cursor) {
        return queries.find(new FindMessages(userId, sessionId, PAGE, cursor, false), MessagePage.class);
    }
}
