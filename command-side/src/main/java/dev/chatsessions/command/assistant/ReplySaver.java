package dev.chatsessions.command.assistant;

import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ReplyDetails;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Saves a reply whose generation ended, with its status, model, finish reason, token usage and latency, and tells
 * its followers how it ended.
 */
@Component
class ReplySaver {

    private static final Logger log = LoggerFactory.getLogger(ReplySaver.class);

    private final ModelStreaming streaming;
    private final ReplyFailures failures;
    private final ReplyFinisher finisher;
    private final ReplyHeartbeats heartbeats;

    ReplySaver(ModelStreaming streaming, ReplyFailures failures, ReplyFinisher finisher, ReplyHeartbeats heartbeats) {
        this.streaming = streaming;
        this.failures = failures;
        this.finisher = finisher;
        this.heartbeats = heartbeats;
    }

    void save(RunningReply reply, RunningReply.Ending ending, ReplyStats stats) {
        String text = reply.stream().close();
        MessageStatus status;
        ReplyFailure failure = null;
        switch (ending.end()) {
            case STOPPED -> status = MessageStatus.STOPPED;
            case COMPLETED -> {
                failure = failures.ofCompleted(reply.ref(), text, stats);
                status = failure == null ? MessageStatus.COMPLETE : MessageStatus.FAILED;
            }
            default -> {
                status = MessageStatus.FAILED;
                failure = failures.of(reply.ref(), ending.error(), stats);
            }
        }
        var details = new ReplyDetails(
                stats.model != null ? stats.model : streaming.modelName(),
                stats.finishReason,
                stats.usage == null ? null : stats.usage.promptTokens(),
                stats.usage == null ? null : stats.usage.completionTokens(),
                stats.usage == null ? null : stats.usage.totalTokens(),
                stats.millisToFirstToken(),
                stats.millisSinceStart(),
                failure == null ? null : failure.detail());
        ReplyOutcome outcome;
        try {
            var saved = finisher.finish(reply.ref(), text, status, details, reply.auditMetadata());
            outcome = saved.isPresent()
                    ? new ReplyOutcome(saved.get(), failure)
                    : new ReplyOutcome(
                            null,
                            failure != null
                                    ? failure
                                    : new ReplyFailure(
                                            reply.ref(),
                                            ReplyFailure.Kind.SESSION_GONE,
                                            "The session is gone; the reply was not saved"));
        } catch (RuntimeException e) {
            log.error("Reply {} could not be saved; it will be closed as failed by recovery", reply.replyId(), e);
            heartbeats.storeQuietly(List.of(reply));
            outcome = new ReplyOutcome(
                    null,
                    new ReplyFailure(
                            reply.ref(),
                            ReplyFailure.Kind.NOT_SAVED,
                            "The reply could not be saved; it will be kept as failed with its text so far"));
        }
        reply.stream().finish(outcome);
    }
}
