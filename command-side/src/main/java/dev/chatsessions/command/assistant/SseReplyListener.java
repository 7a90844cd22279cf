package dev.chatsessions.command.assistant;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.Map;

/** Writes a reply's events to one SSE response: {@code delta}s, then {@code assistant-message} and/or {@code error}. */
final class SseReplyListener implements ReplyListener {

    private final SseEmitter emitter;

    SseReplyListener(SseEmitter emitter) {
        this.emitter = emitter;
    }

    boolean send(String event, Object data) {
        try {
            emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            // the client went away; the reply goes on without it
            return false;
        }
    }

    @Override
    public boolean delta(String text) {
        return send("delta", Map.of("text", text));
    }

    @Override
    public void finished(ReplyOutcome outcome) {
        if (outcome.saved() != null) {
            send("assistant-message", outcome.saved().message());
        }
        if (outcome.error() != null) {
            send("error", outcome.error());
        }
        emitter.complete();
    }
}
