package dev.chatsessions.command.assistant;

import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ReplyDetails;
import dev.chatsessions.command.audit.AuditMetadata;
import dev.chatsessions.eventstore.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Closes replies whose process died: at start, and every {@code chat.assistant.recovery-interval} after, a reply
 * in {@code reply_progress} whose heartbeat stopped {@code chat.assistant.orphan-after} ago and that this process
 * is not generating is saved as {@code failed} with the text its process stored, so that its session takes messages
 * again (and whoever follows it on any node gets its end).
 * The heartbeat, rather than "whatever is left at start", lets several processes share one database.
 */
@Component
class ReplyRecovery {

    static final String INTERRUPTED = "The service stopped while this reply was being generated";

    /** The user recorded on the events of replies closed after their process died. */
    static final String RECOVERY = "system:reply-recovery";

    private static final Logger log = LoggerFactory.getLogger(ReplyRecovery.class);

    private final ReplyProgress progress;
    private final RunningReplies running;
    private final ReplyFinisher finisher;
    private final AssistantProperties properties;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("reply-recovery-"));

    ReplyRecovery(
            ReplyProgress progress, RunningReplies running, ReplyFinisher finisher, AssistantProperties properties) {
        this.progress = progress;
        this.running = running;
        this.finisher = finisher;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        scheduler.scheduleWithFixedDelay(
                this::closeOrphans, 0, properties.recoveryInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void closeOrphans() {
        try {
            for (var orphan : progress.silentFor(properties.orphanAfter())) {
                if (running.isRunning(orphan.reply().replyId())) {
                    continue;
                }
                long lasted = Duration.between(orphan.startedAt(), orphan.lastHeartbeat())
                        .toMillis();
                var details = new ReplyDetails(null, null, null, null, null, null, Math.max(0, lasted), INTERRUPTED);
                var metadata = Map.of(
                        AuditMetadata.USER_ID,
                        RECOVERY,
                        AuditMetadata.CORRELATION_ID,
                        UUID.randomUUID().toString());
                finisher.finish(orphan.reply(), orphan.content(), MessageStatus.FAILED, details, metadata)
                        .ifPresent(saved -> log.info(
                                "Closed reply {} of session {} as failed: its process stopped while generating it",
                                orphan.reply().replyId(),
                                orphan.reply().sessionId()));
            }
        } catch (RuntimeException e) {
            log.warn("Could not close interrupted replies; trying again later", e);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
