package dev.chatsessions.command.assistant;

import dev.chatsessions.api.AskedAssistant;
import dev.chatsessions.command.audit.AuditMetadata;
import dev.chatsessions.eventstore.DaemonThreads;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/**
 * Generates replies on its own threads, apart from the HTTP requests that asked for them: a client that goes away
 * changes nothing. Each reply is streamed from the model ({@link ModelStreaming}), its text stored as it grows
 * ({@link ReplyHeartbeats}), cut at {@code chat.assistant.max-reply-duration}, and saved when it ends, whichever
 * way ({@link ReplySaver}).
 * <p>
 * On shutdown the replies still running are left as they are, their text so far stored: another node, or the next
 * start, closes them as failed ({@link ReplyRecovery}), exactly as after a crash.
 */
@Component
class ReplyGenerator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplyGenerator.class);

    private final ModelStreaming streaming;
    private final ReplySaver saver;
    private final ReplyHeartbeats heartbeats;
    private final RunningReplies running;
    private final AssistantProperties properties;
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("assistant-reply-"));
    private volatile boolean started;

    ReplyGenerator(
            ModelStreaming streaming,
            ReplySaver saver,
            ReplyHeartbeats heartbeats,
            RunningReplies running,
            AssistantProperties properties) {
        this.streaming = streaming;
        this.saver = saver;
        this.heartbeats = heartbeats;
        this.running = running;
        this.properties = properties;
    }

    /** Starts generating the reply the session just accepted the question for; the slot is freed when it ends. */
    RunningReply start(AskedAssistant asked, ReplySlots.Slot slot) {
        var reply = new RunningReply(
                new ReplyRef(asked.session().id(), asked.replyId()),
                asked.userMessage().id(),
                AuditMetadata.ofCurrentRequest());
        running.add(reply);
        executor.execute(() -> {
            try {
                generate(reply);
            } finally {
                slot.release();
            }
        });
        return reply;
    }

    private void generate(RunningReply reply) {
        var stats = new ReplyStats();
        Disposable subscription = null;
        try {
            subscription = streaming.stream(reply, stats);
            RunningReply.Ending ending = awaitEnding(reply);
            if (subscription != null) {
                subscription.dispose();
            }
            if (ending.end() != RunningReply.End.ABANDONED) {
                saver.save(reply, ending, stats);
            }
        } catch (RuntimeException e) {
            log.warn("Reply {} could not be generated", reply.replyId(), e);
            if (subscription != null) {
                subscription.dispose();
            }
            saver.save(reply, new RunningReply.Ending(RunningReply.End.FAILED, e), stats);
        } finally {
            running.remove(reply);
        }
    }

    /** How the reply ended; one that runs past its duration limit is cut there. */
    private RunningReply.Ending awaitEnding(RunningReply reply) {
        try {
            return reply.ending().get(properties.maxReplyDuration().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reply.end(
                    RunningReply.End.FAILED,
                    new ReplyLimitReached(
                            ReplyFailure.Kind.MODEL_TIMED_OUT,
                            "The reply took longer than its limit of " + properties.maxReplyDuration()
                                    + "; it was cut there"));
            return reply.ending().join(); // the first ending wins: the cut, or one that came just before it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RunningReply.Ending(RunningReply.End.ABANDONED, e);
        } catch (ExecutionException e) {
            return new RunningReply.Ending(RunningReply.End.FAILED, e.getCause());
        }
    }

    @Override
    public void start() {
        heartbeats.start(properties.flushInterval());
        started = true;
    }

    /** Runs before the web server's graceful shutdown, so that open reply streams do not hold it up. */
    @Override
    public void stop() {
        started = false;
        heartbeats.stop();
        List<RunningReply> left = running.all();
        for (RunningReply reply : left) {
            reply.end(RunningReply.End.ABANDONED, null);
            reply.stream().close();
        }
        heartbeats.storeQuietly(left);
        for (RunningReply reply : left) {
            reply.stream()
                    .finish(new ReplyOutcome(
                            null,
                            new ReplyFailure(
                                    reply.ref(),
                                    ReplyFailure.Kind.SHUTTING_DOWN,
                                    "The service is shutting down; this reply will be "
                                            + "saved as failed with its text so far when the service starts again")));
            log.info("Reply {} left to recovery at shutdown", reply.replyId());
        }
        executor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
