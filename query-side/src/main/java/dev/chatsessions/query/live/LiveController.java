package dev.chatsessions.query.live;

import dev.chatsessions.api.FindProject;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.query.web.BadQuery;
import dev.chatsessions.query.web.NotFound;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(name = "Projects")
class LiveController {

    private final QueryGateway queryGateway;
    private final LiveStreams streams;

    LiveController(QueryGateway queryGateway, LiveStreams streams) {
        this.queryGateway = queryGateway;
        this.streams = streams;
    }

    /**
     * The project's changes as they happen, on any node: {@code session} (the session as it is now) when one is
     * created, renamed, pinned, archived or gets a message; {@code session-deleted} ({@code {id}}). Each event's
     * {@code id} is its position; {@code Last-Event-ID} resumes after it.
     */
    @GetMapping(path = "/api/projects/{projectId}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(
            @PathVariable UUID projectId,
            Principal user,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        Long after = position(lastEventId);
        queryGateway
                .query(new FindProject(user.getName(), projectId), ResponseTypes.optionalInstanceOf(ProjectView.class))
                .join()
                .orElseThrow(NotFound::new);
        return streams.open(projectId, user.getName(), after);
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
