package dev.chatsessions.command.assistant;

import java.util.concurrent.TimeUnit;
import org.springframework.ai.openai.api.OpenAiApi.Usage;

/** What the model told about a reply while streaming; written by one stream's callbacks at a time. */
final class ReplyStats {

    final long start = System.nanoTime();
    volatile long firstToken;
    volatile int chunks;
    volatile String model;
    volatile String finishReason;
    volatile Usage usage;

    boolean sentNothing() {
        return firstToken == 0 && chunks == 0;
    }

    Long millisToFirstToken() {
        return firstToken == 0 ? null : TimeUnit.NANOSECONDS.toMillis(firstToken - start);
    }

    long millisSinceStart() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
