package dev.chatsessions.command.http;

import dev.chatsessions.api.AskAssistant;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.assistant.AssistantProperties;
import dev.chatsessions.command.assistant.AssistantReplies;
import dev.chatsessions.command.assistant.ReplyEventIds;
import dev.chatsessions.command.assistant.ReplyOutcome;
import dev.chatsessions.command.assistant.ReplySource;
import dev.chatsessions.command.http.CreateRoutine.NewResource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(name = "Messages")
class ReplyController {

    private static final String SSE_EVENTS = """
            Server-Sent Events: `user-message` (the saved user MessageView, first), `session` (SessionView, when \
            the post renamed the session), `delta` `{text}` (the next piece of the reply; concatenated they give \
            it), `assistant-message` (the saved assistant MessageView, last on success), `error` (problem JSON; \
            the partial reply is saved as `failed` or `stopped` and is the `assistant-message` before it). Every \
            event has an `id` to resume from at `GET .../reply/stream` with `Last-Event-ID`: \
            `<replyId>:<length of the reply after this delta>` for a delta, `<replyId>:<event name>` for the others.""";

    private final AssistantReplies replies;
    private final ContentLimit contentLimit;
    private final AssistantProperties properties;
    private final SseWriters writers;

    ReplyController(
            AssistantReplies replies, ContentLimit contentLimit, AssistantProperties properties, SseWriters writers) {
        this.replies = replies;
        this.contentLimit = contentLimit;
        this.properties = properties;
        this.writers = writers;
    }

    @Operation(summary = "Post a user message and stream the assistant's reply", description = SSE_EVENTS)
    @PostMapping(path = "/api/chat-sessions/{sessionId}/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter askStreaming(
            @PathVariable UUID sessionId,
            @RequestBody Question body,
            Principal user,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        var asked = send(sessionId, body, user, key);
        var emitter = new SseEmitter(properties.streamTimeout().toMillis());
        var listener = writers.open(emitter, asked.asked().replyId());
        listener.send("user-message", asked.asked().userMessage());
        if (asked.asked().renamed()) {
            listener.send("session", asked.asked().session());
        }
        if (asked.reply() == null) {
            // a repeat of a question whose reply ended: the events above, then the end, in order
            listener.finished(new ReplyOutcome(null, null));
        } else {
            follow(asked.reply().stream(), 0, emitter, listener);
        }
        return emitter;
    }

    @Operation(summary = "Post a user message and wait for the assistant's reply", description = """
                       Answers once the reply is saved, whichever way it ended; `error` says why it failed. A reply \
                       that takes longer than `chat.assistant.answer-timeout` goes on and is saved all the same: the \
                       answer is then `202` with the saved question and `assistantMessage` null; follow the reply at \
                       `GET .../reply/stream` or read it later from the messages.""")
    @ApiResponse(responseCode = "202", description = "The question is saved; the reply is still being generated")
    @ApiResponse(
            responseCode = "429",
            description = "Too many replies running for this user or on this server",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @PostMapping(path = "/api/chat-sessions/{sessionId}/messages")
    ResponseEntity<Exchange> ask(
            @PathVariable UUID sessionId,
            @RequestBody Question body,
            Principal user,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        var asked = send(sessionId, body, user, key);
        if (asked.reply() == null) {
            return answer(asked, HttpStatus.OK, null);
        }
        return asked.reply()
                .outcomeWithin(properties.answerTimeout())
                .map(outcome -> answer(asked, asked.isNew() ? HttpStatus.CREATED : HttpStatus.OK, outcome))
                .orElseGet(() -> answer(asked, HttpStatus.ACCEPTED, null));
    }

    private static ResponseEntity<Exchange> answer(
            AssistantReplies.Asked asked, HttpStatus status, ReplyOutcome outcome) {
        var saved = outcome == null ? null : outcome.saved();
        var exchange = new Exchange(
                asked.asked().userMessage(),
                saved == null ? null : saved.message(),
                saved == null ? asked.asked().session() : saved.session(),
                outcome == null ? null : ReplyProblems.of(outcome.failure()));
        return ResponseEntity.status(status).body(exchange);
    }

    @Operation(summary = "Stop the reply being generated", description = """
                       The reply is saved with its text so far and status `stopped`, whichever node generates it (it \
                       learns of the stop at once, at the latest at its next heartbeat); 404 if none is running.""")
    @ApiResponse(responseCode = "202", description = "Stopping")
    @ApiResponse(
            responseCode = "404",
            description = "No reply is running in this session",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @PostMapping("/api/chat-sessions/{sessionId}/reply/stop")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void stop(@PathVariable UUID sessionId, Principal user) {
        replies.stop(sessionId, user.getName());
    }

    @Operation(summary = "Attach to the reply being generated", description = """
                       For a second tab or a client that lost its stream, on any node: one `delta` with all the text \
                       so far (or, with `Last-Event-ID`, the text after that event), then the remaining `delta`s and \
                       the final `assistant-message` and/or `error`, as in the post's stream. Every event has an \
                       `id`: `<replyId>:<length of the reply after this delta>` for a delta, `<replyId>:<event name>` \
                       for the others. 404 when no reply is running.""")
    @ApiResponse(
            responseCode = "200",
            description = "The reply's events",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
    @ApiResponse(
            responseCode = "404",
            description = "No reply is running in this session",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @GetMapping(path = "/api/chat-sessions/{sessionId}/reply/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter attach(
            @PathVariable UUID sessionId,
            Principal user,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        var followed = replies.follow(sessionId, user.getName());
        var emitter = new SseEmitter(properties.streamTimeout().toMillis());
        follow(
                followed.source(),
                ReplyEventIds.resumeAt(lastEventId, followed.replyId()),
                emitter,
                writers.open(emitter, followed.replyId()));
        return emitter;
    }

    private AssistantReplies.Asked send(UUID sessionId, Question body, Principal user, String key) {
        contentLimit.check(body.content());
        var request = CreateRoutine.clientRequest(new NewResource(user, key, body.id(), body), sessionId);
        return replies.ask(
                new AskAssistant(
                        sessionId, CreateRoutine.idOf(body.id()), user.getName(), body.content(), UUID.randomUUID()),
                request);
    }

    private static void follow(ReplySource reply, int position, SseEmitter emitter, SseReplyListener listener) {
        emitter.onCompletion(() -> reply.unsubscribe(listener));
        emitter.onTimeout(() -> reply.unsubscribe(listener));
        emitter.onError(e -> reply.unsubscribe(listener));
        reply.subscribe(listener, position);
    }

    record Question(UUID id, String content) {}

    /** The answer without streaming; {@code error} is null unless the reply failed. */
    record Exchange(MessageView userMessage, MessageView assistantMessage, SessionView session, ProblemDetail error) {}
}
