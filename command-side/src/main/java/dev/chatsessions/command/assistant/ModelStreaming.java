package dev.chatsessions.command.assistant;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Streams the model's answer into a running reply: its text (within the length limit, without U+0000) and what the
 * model tells about it ({@link ReplyStats}); the stream's end, error or silence ends the reply.
 */
@Component
class ModelStreaming {

    private final AssistantModel model;
    private final Conversation conversation;
    private final AssistantProperties properties;

    ModelStreaming(AssistantModel model, Conversation conversation, AssistantProperties properties) {
        this.model = model;
        this.conversation = conversation;
        this.properties = properties;
    }

    /** The model's stream for {@code reply}, to dispose of when the reply ends; null when no model is configured. */
    Disposable stream(RunningReply reply, ReplyStats stats) {
        if (!model.configured()) {
            reply.end(RunningReply.End.FAILED, new NoModel());
            return null;
        }
        var prompt = conversation.promptFor(reply.sessionId(), reply.questionId());
        return model.chatModel().stream(prompt)
                .timeout(Mono.delay(properties.firstTokenTimeout()), chunk -> Mono.delay(properties.idleTimeout()))
                .subscribe(
                        response -> onChunk(reply, response, stats),
                        error -> reply.end(RunningReply.End.FAILED, error),
                        () -> reply.end(RunningReply.End.COMPLETED, null));
    }

    /** The model's name as configured, for replies whose stream did not name it. */
    String modelName() {
        return model.name();
    }

    private void onChunk(RunningReply reply, ChatResponse response, ReplyStats stats) {
        stats.chunks++;
        if (response.getMetadata() != null) {
            if (StringUtils.hasText(response.getMetadata().getModel())) {
                stats.model = response.getMetadata().getModel();
            }
            Usage usage = response.getMetadata().getUsage();
            if (usage != null && usage.getTotalTokens() != null && usage.getTotalTokens() > 0) {
                stats.usage = usage;
            }
        }
        Generation generation = response.getResult();
        if (generation == null) {
            return;
        }
        if (generation.getMetadata() != null
                && StringUtils.hasText(generation.getMetadata().getFinishReason())) {
            stats.finishReason = generation.getMetadata().getFinishReason();
        }
        String text = generation.getOutput() == null
                ? null
                : withoutNul(generation.getOutput().getText());
        if (text != null && !text.isEmpty()) {
            if (stats.firstToken == 0) {
                stats.firstToken = System.nanoTime();
            }
            appendWithinLimit(reply, text);
        }
    }

    /** PostgreSQL cannot store U+0000 in text: the model's output is kept without it. */
    private static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }

    private void appendWithinLimit(RunningReply reply, String text) {
        int room = properties.maxReplyLength() - reply.stream().length();
        if (text.length() <= room) {
            reply.stream().append(text);
            return;
        }
        int cut = Math.max(room, 0);
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // never half a character
        }
        reply.stream().append(text.substring(0, cut));
        reply.end(
                RunningReply.End.FAILED,
                new ReplyLimitReached(
                        ReplyFailure.Kind.MODEL_FAILED,
                        "The reply reached its limit of " + properties.maxReplyLength()
                                + " characters; it was cut there"));
    }

    /** No endpoint configured: every reply fails at once, saying how to configure one. */
    static final class NoModel extends RuntimeException {
        NoModel() {
            super(AssistantModel.NOT_CONFIGURED, null, false, false);
        }
    }
}
