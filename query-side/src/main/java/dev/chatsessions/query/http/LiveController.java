package dev.chatsessions.query.http;

import dev.chatsessions.api.FindProject;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.BadQuery;
import dev.chatsessions.query.Queries;
import dev.chatsessions.query.live.LiveStream;
import dev.chatsessions.query.live.LiveStreams;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(name = "Projects")
class LiveController {

    private final Queries queries;
    private final LiveStreams streams;
    private final Duration maxDuration;

    LiveController(
            Queries queries, LiveStreams streams, @Value("${chat.live.max-duration:PT30M}") Duration maxDuration) {
        this.queries = queries;
        this.streams = streams;
        this.maxDuration = maxDuration;
    }

    /**
     * The project's changes as they happen, on any node: {@code session} (the session as it is now) when one is
     * created, renamed, pinned, archived or gets a message; {@code session-deleted} ({@code {id}}). Each event's
     * {@code id} is its position; {@code Last-Event-ID} resumes after it. A comment line is sent as a heartbeat when
     * nothing else was.
     */
    @GetMapping(path = "/api/projects/{projectId}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(
            @PathVariable UUID projectId,
            Principal user,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        Long after = position(lastEventId);
        queries.found(new FindProject(user.getName(), projectId), ProjectView.class);
        var emitter = new SseEmitter(maxDuration.toMillis());
        var following = streams.follow(projectId, user.getName(), after, new Sse(emitter));
        emitter.onCompletion(following::stop);
        emitter.onTimeout(following::stop);
        emitter.onError(e -> following.stop());
        return emitter;
    }

    /** A followed project's changes as server-sent events, each with its position as its id. */
    private record Sse(SseEmitter emitter) implements LiveStream {

        @Override
        public void following(UUID projectId) throws IOException {
            emitter.send(SseEmitter.event().comment("following project " + projectId));
        }

        @Override
        public void sessionChanged(long position, SessionView session) throws IOException {
            emitter.send(SseEmitter.event()
                    .id(Long.toString(position))
                    .name("session")
                    .data(session, MediaType.APPLICATION_JSON));
        }

        @Override
        public void sessionDeleted(long position, UUID sessionId) throws IOException {
            emitter.send(SseEmitter.event()
                    .id(Long.toString(position))
                    .name("session-deleted")
                    .data(Map.of("id", sessionId), MediaType.APPLICATION_JSON));
        }

        @Override
        public void quiet() throws IOException {
            emitter.send(SseEmitter.event().comment("heartbeat"));
        }

        @Override
        public void ended(Throwable failure) {
            try {
                if (failure == null) {
                    emitter.complete();
                } else {
                    emitter.completeWithError(failure);
                }
            } catch (IllegalStateException responseAlreadyOver) {
                // the client went away and the server ended the response first: nothing is left to end
            }
        }
    }

    private static Long position(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long position = Long.parseLong(lastEventId.strip());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadQuery("Last-Event-ID", "is not an id this stream gave out");
    }
}
