package dev.chatsessions.api;

/**
 * How a generated reply came about, for analytics. Every field may be null when it is not known (a reply that
 * failed before the model answered, a reply closed after the process died). {@code finishReason} is the model's
 * own ({@code STOP}, {@code LENGTH}…); {@code error} says briefly why a failed reply failed.
 */
public record ReplyDetails(
        String model,
        String finishReason,
        Integer promptTokens,
        Integer completionTokens,
        Integer totalTokens,
        Long firstTokenMillis,
        Long totalMillis,
        String error) {}
