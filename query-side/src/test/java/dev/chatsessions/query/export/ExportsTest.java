package dev.chatsessions.query.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.FindSessions;
import dev.chatsessions.api.MessagePage;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionPage;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.Queries;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;

/** A project export stays well-formed JSON when a session is deleted while it is being written. */
class ExportsTest {

    private final QueryGateway queries = mock(QueryGateway.class);
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void aSessionDeletedAfterItWasListedIsLeftOutOfTheProjectExport() throws Exception {
        Instant now = Instant.now();
        UUID project = UUID.randomUUID();
        SessionView deleted = new SessionView(UUID.randomUUID(), project, "Gone", now, now, 1, now);
        SessionView kept = new SessionView(UUID.randomUUID(), project, "Kept", now, now, 1, now);
        MessageView message =
                new MessageView(UUID.randomUUID(), kept.id(), 1, Role.USER, "hello", MessageStatus.COMPLETE, now);
        answer(FindSessions.class, q -> true, Optional.of(new SessionPage(List.of(deleted, kept), null)));
        answer(FindMessages.class, q -> q.sessionId().equals(deleted.id()), Optional.empty());
        answer(
                FindMessages.class,
                q -> q.sessionId().equals(kept.id()),
                Optional.of(new MessagePage(List.of(message), null)));

        var out = new ByteArrayOutputStream();
        new Exports(new Queries(queries), json).projectAsJson("alice", new ProjectView(project, "P", null, now), out);

        JsonNode exported = json.readTree(out.toByteArray());
        assertThat(exported.get("sessions")).hasSize(1);
        assertThat(exported.at("/sessions/0/session/name").asText()).isEqualTo("Kept");
        assertThat(exported.at("/sessions/0/messages/0/content").asText()).isEqualTo("hello");
    }

    @SuppressWarnings("unchecked")
    private <Q> void answer(Class<Q> type, java.util.function.Predicate<Q> which, Object answer) {
        when(queries.query(argThat(q -> type.isInstance(q) && which.test((Q) q)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(answer));
    }
}
