package dev.chatsessions.command.assistant;

import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionChunk;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionChunk.ChunkChoice;
import org.springframework.ai.openai.api.OpenAiApi.Usage;
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
        return model.stream(prompt.getInstructions())
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

    private void onChunk(RunningReply reply, ChatCompletionChunk chunk, ReplyStats stats) {
        stats.chunks++;
        if (StringUtils.hasText(chunk.model())) {
            stats.model = chunk.model();
        }
        Usage usage = chunk.usage();
        if (usage != null && usage.totalTokens() != null && usage.totalTokens() > 0) {
            stats.usage = usage;
        }
        if (chunk.choices() == null || chunk.choices().isEmpty()) {
            return;
        }
        ChunkChoice choice = chunk.choices().get(0);
        if (choice.finishReason() != null) {
            stats.finishReason = choice.finishReason().name();
        }
        String text = choice.delta() == null ? null : withoutNul(choice.delta().content());
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
