package dev.chatsessions.command.assistant;

import dev.chatsessions.eventstore.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores each running reply's new text when it has some, and at least every second as its heartbeat, so that any
 * node can follow it and recovery knows it is alive; stops a reply another node asked to stop or whose row is gone.
 */
@Component
class ReplyHeartbeats {

    private static final Logger log = LoggerFactory.getLogger(ReplyHeartbeats.class);
    private static final long HEARTBEAT_NANOS = Duration.ofSeconds(1).toNanos();

    private final ReplyProgress progress;
    private final RunningReplies running;
    private final ScheduledExecutorService flusher =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("reply-flush-"));

    ReplyHeartbeats(ReplyProgress progress, RunningReplies running) {
        this.progress = progress;
        this.running = running;
    }

    void start(Duration every) {
        flusher.scheduleWithFixedDelay(this::flush, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        flusher.shutdownNow();
    }

    private void flush() {
        long now = System.nanoTime();
        for (RunningReply reply : running.all()) {
            // a closed stream is being saved: its chunks go with its row
            if (!reply.stream().isClosed() && reply.needsFlush(now, HEARTBEAT_NANOS)) {
                storeQuietly(reply);
            }
        }
    }

    /** As {@link #store}, logging rather than throwing a failure: the next beat tries again. */
    void storeQuietly(RunningReply reply) {
        try {
            store(reply);
        } catch (RuntimeException e) {
            log.warn("Could not save the progress of reply {}", reply.replyId(), e);
        }
    }

    /**
     * Appends the text not stored yet, with the heartbeat, and stops the reply if another node asked for it (its
     * notification may have been missed) or its row is gone (its session was deleted).
     */
    private void store(RunningReply reply) {
        synchronized (reply) {
            int stored = reply.flushedLength();
            String added = reply.stream().textFrom(stored);
            boolean goOn = progress.beat(reply.replyId(), stored, added);
            reply.flushed(stored + added.length(), System.nanoTime());
            if (!goOn) {
                reply.stop();
            }
        }
    }
}
