package dev.chatsessions.command.assistant;

import java.util.List;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.model.ModelOptionsUtils;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionChunk;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionMessage;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionMessage.Role;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionRequest;
import reactor.core.publisher.Flux;

/**
 * The model replies are asked from: Spring AI's OpenAI client with the chat options it was configured with, or none
 * when no endpoint is configured ({@code api} null): then the service still runs and every reply explains how to
 * configure one. Replies stream from the client's chunks, not through Spring AI's {@code OpenAiChatModel}, which holds
 * every chunk back until the next one arrives (to move the last chunk's token usage onto the one before it): that
 * added the model's time between two chunks to every piece of every reply.
 */
record AssistantModel(OpenAiApi api, OpenAiChatOptions options) {

    static final String NOT_CONFIGURED = """
            No model is configured, so the assistant cannot reply. Point the service at an OpenAI-compatible \
            endpoint and restart it: set SPRING_AI_OPENAI_APIKEY (spring.ai.openai.api-key) for OpenAI, or \
            SPRING_AI_OPENAI_BASEURL (spring.ai.openai.base-url) for a local server such as Ollama, vLLM or \
            llama.cpp, and SPRING_AI_OPENAI_CHAT_OPTIONS_MODEL (spring.ai.openai.chat.options.model) for the \
            model's name.""";

    static AssistantModel none() {
        return new AssistantModel(null, null);
    }

    boolean configured() {
        return api != null;
    }

    /** The model's name as configured. */
    String name() {
        return options == null ? null : options.getModel();
    }

    /** The model's answer to the conversation, chunk by chunk as the model sends it. */
    Flux<ChatCompletionChunk> stream(List<Message> conversation) {
        var messages = conversation.stream()
                .map(message -> new ChatCompletionMessage(message.getText(), role(message)))
                .toList();
        return api.chatCompletionStream(ModelOptionsUtils.merge(
                options, new ChatCompletionRequest(messages, true), ChatCompletionRequest.class));
    }

    private static Role role(Message message) {
        return switch (message.getMessageType()) {
            case SYSTEM -> Role.SYSTEM;
            case USER -> Role.USER;
            case ASSISTANT -> Role.ASSISTANT;
            case TOOL -> throw new IllegalArgumentException("A conversation holds no tool messages");
        };
    }
}
