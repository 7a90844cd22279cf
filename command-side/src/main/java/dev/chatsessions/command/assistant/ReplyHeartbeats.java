package dev.chatsessions.command.assistant;

import dev.chatsessions.command.assistant.ReplyProgress.Beat;
import dev.chatsessions.eventstore.DaemonThreads;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores each running reply's new text when it has some, and at least every second as its heartbeat, so that any
 * node can follow it and recovery knows it is alive; stops a reply another node asked to stop or whose row is gone.
 * All the replies due are stored together in one statement: a statement per reply made a thousand replies a node
 * 4,000 transactions a second.
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
        storeQuietly(running.all().stream()
                // a closed stream is being saved: its chunks go with its row
                .filter(reply -> !reply.stream().isClosed() && reply.needsFlush(now, HEARTBEAT_NANOS))
                .toList());
    }

    /** As {@link #store}, logging rather than throwing a failure: the next beat tries again. */
    void storeQuietly(List<RunningReply> replies) {
        try {
            store(replies);
        } catch (RuntimeException e) {
            log.warn("Could not save the progress of {} replies", replies.size(), e);
        }
    }

    /**
     * Appends the replies' text not stored yet, with their heartbeats, in one statement, and stops those another node
     * asked to stop (its notification may have been missed) or whose row is gone (their session was deleted). One
     * store at a time, so that a reply's text is never stored from two snapshots at once.
     */
    private synchronized void store(List<RunningReply> replies) {
        if (replies.isEmpty()) {
            return;
        }
        List<Beat> beats = replies.stream()
                .map(reply -> {
                    int stored = reply.flushedLength();
                    return new Beat(reply.replyId(), stored, reply.stream().textFrom(stored));
                })
                .toList();
        Set<UUID> goOn = progress.beat(beats);
        long now = System.nanoTime();
        for (int i = 0; i < replies.size(); i++) {
            RunningReply reply = replies.get(i);
            Beat beat = beats.get(i);
            reply.flushed(beat.position() + beat.text().length(), now);
            if (!goOn.contains(reply.replyId())) {
                reply.stop();
            }
        }
    }
}
