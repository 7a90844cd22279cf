package dev.chatsessions.command.http;

import dev.chatsessions.command.assistant.AssistantProperties;
import dev.chatsessions.eventstore.DaemonThreads;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Opens the SSE responses that follow replies, and owns the threads that write them. */
@Component
class SseWriters {

    private final ExecutorService writers = Executors.newCachedThreadPool(DaemonThreads.named("sse-writer-"));
    private final AssistantProperties properties;

    SseWriters(AssistantProperties properties) {
        this.properties = properties;
    }

    SseReplyListener open(SseEmitter emitter, java.util.UUID replyId) {
        return new SseReplyListener(
                replyId,
                new SseReplyListener.Sink() {
                    @Override
                    public void send(String id, String event, Object data) throws java.io.IOException {
                        emitter.send(SseEmitter.event().id(id).name(event).data(data, MediaType.APPLICATION_JSON));
                    }

                    @Override
                    public void complete() {
                        try {
                            emitter.complete();
                        } catch (IllegalStateException responseAlreadyOver) {
                            // the client went away and the server ended the response first
                        }
                    }
                },
                writers,
                properties.listenerBuffer());
    }

    @PreDestroy
    void stop() {
        writers.shutdownNow();
    }
}
