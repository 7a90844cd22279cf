package dev.chatsessions.api;

import java.time.LocalDate;

/**
 * Activity over one day, or over a whole range ({@code day} null). Averages are null when there was nothing to
 * average; {@code messagesPerSession} counts the messages of the sessions that received any.
 */
public record AnalyticsFigures(LocalDate day, long sessionsCreated, long sessionsDeleted, long userMessages,
                               long assistantMessages, long repliesFailed, long repliesStopped, long promptTokens,
                               long completionTokens, long totalTokens, Double avgTimeToFirstTokenMs,
                               Double avgReplyMs, Double messagesPerSession) {
}
