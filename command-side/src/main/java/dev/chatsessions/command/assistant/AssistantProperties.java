package dev.chatsessions.command.assistant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.assistant.*}: how replies are asked for. The model's endpoint, key, name and options are Spring AI's
 * own {@code spring.ai.openai.*} properties.
 *
 * @param systemPrompt      sent first in every request to the model
 * @param contextBudget     the most characters of system prompt and history sent (about 4 characters a token);
 *                          the oldest messages are left out first, the newest user message is always sent
 * @param connectTimeout    to open the connection to the model
 * @param firstTokenTimeout from the request to the model's first chunk
 * @param idleTimeout       the longest pause between two chunks
 * @param flushInterval     how often the text added while streaming is appended to the database (one row per
 *                          flush), where other nodes follow it
 * @param orphanAfter       a running reply whose heartbeat stopped this long ago belongs to a process that died,
 *                          and is closed as failed
 * @param recoveryInterval  how often to look for such replies (also once at start)
 * @param followPollInterval how often a node serving a reply generated on another node reads its stored text even
 *                          when no notification said it grew (notifications are a wake-up, never the only one)
 * @param streamTimeout     how long an SSE response may stay open
 * @param maxReplyLength    the most characters a reply may have; a longer one is cut there and saved as failed
 * @param maxReplyDuration  the longest a reply may take; one still streaming then is cut and saved as failed
 * @param maxRepliesPerUser replies one user may have running at once; beyond, a question is refused with 429
 * @param maxRepliesPerNode replies this process generates at once; beyond, a question is refused with 429
 * @param answerTimeout     how long a post without {@code Accept: text/event-stream} waits for the reply; then it
 *                          answers 202 with the saved question while the reply goes on
 * @param listenerBuffer    characters an SSE reader may fall behind the reply; a slower reader is dropped. Keep it
 *                          above {@code maxReplyLength}: a reader attaching late gets the text so far at once
 */
@ConfigurationProperties("chat.assistant")
public record AssistantProperties(
        @DefaultValue("You are a helpful assistant in an AI app builder. Answer clearly and concisely.")
        String systemPrompt,

        @DefaultValue("32000") int contextBudget,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration firstTokenTimeout,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("250ms") Duration flushInterval,
        @DefaultValue("15s") Duration orphanAfter,
        @DefaultValue("5s") Duration recoveryInterval,
        @DefaultValue("1s") Duration followPollInterval,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("100000") int maxReplyLength,
        @DefaultValue("5m") Duration maxReplyDuration,
        @DefaultValue("3") int maxRepliesPerUser,
        @DefaultValue("50") int maxRepliesPerNode,
        @DefaultValue("2m") Duration answerTimeout,
        @DefaultValue("250000") int listenerBuffer) {}
