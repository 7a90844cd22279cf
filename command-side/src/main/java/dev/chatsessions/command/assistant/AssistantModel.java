package dev.chatsessions.command.assistant;

import org.springframework.ai.chat.model.StreamingChatModel;

/**
 * The model replies are asked from, or none when no endpoint is configured ({@code chatModel} null): then the
 * service still runs and every reply explains how to configure one.
 */
record AssistantModel(StreamingChatModel chatModel, String name) {

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
        return chatModel != null;
    }
}
