package dev.chatsessions.api;

import java.time.LocalDate;

/**
 * Activity over one day, or over a whole range ({@code day} null). Averages are null when there was nothing to
 * average; {@code messagesPerSession} counts the messages of the sessions that received any. Sessions are counted by
 * how they started: {@code sessionsCreated} new, {@code sessionsForked} as branches of another (their copied messages
 * count as messages of the day of the fork, without tokens or latency), {@code sessionsImported} brought in.
 * {@code feedbackUp} and {@code feedbackDown} count the feedback given (a changed rating counts again),
 * {@code feedbackCleared} the feedback removed.
 */
public record AnalyticsFigures(
        LocalDate day,
        long sessionsCreated,
        long sessionsDeleted,
        long userMessages,
        long assistantMessages,
        long repliesFailed,
        long repliesStopped,
        long promptTokens,
        long completionTokens,
        long totalTokens,
        Double avgTimeToFirstTokenMs,
        Double avgReplyMs,
        Double messagesPerSession,
        long sessionsForked,
        long sessionsImported,
        long feedbackUp,
        long feedbackDown,
        long feedbackCleared) {

    /** Figures without forks, imports or feedback. */
    public AnalyticsFigures(
            LocalDate day,
            long sessionsCreated,
            long sessionsDeleted,
            long userMessages,
            long assistantMessages,
            long repliesFailed,
            long repliesStopped,
            long promptTokens,
            long completionTokens,
            long totalTokens,
            Double avgTimeToFirstTokenMs,
            Double avgReplyMs,
            Double messagesPerSession) {
        this(
                day,
                sessionsCreated,
                sessionsDeleted,
                userMessages,
                assistantMessages,
                repliesFailed,
                repliesStopped,
                promptTokens,
                completionTokens,
                totalTokens,
                avgTimeToFirstTokenMs,
                avgReplyMs,
                messagesPerSession,
                0,
                0,
                0,
                0,
                0);
    }
}
