package dev.chatsessions.command.assistant;

import dev.chatsessions.api.AskedAssistant;
import dev.chatsessions.api.FinishReply;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.PostedMessage;
import dev.chatsessions.api.ReplyDetails;
import dev.chatsessions.command.audit.AuditMetadata;
import dev.chatsessions.command.session.NoReplyRunning;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Generates replies on its own threads, apart from the HTTP requests that asked for them: a client that goes away
 * changes nothing. Streams the model's answer into the reply's {@link ReplyStream}, appends the new text to the
 * database every {@code chat.assistant.flush-interval} (where any node can follow it), stops when any node asks, and
 * when the stream ends (done, stopped, broken, timed out) saves the reply with its status, model, finish reason,
 * token usage and latency.
 * <p>
 * On shutdown the replies still running are left as they are, their text so far stored: another node, or the next
 * start, closes them as failed ({@link ReplyRecovery}), exactly as after a crash.
 */
@Component
class ReplyGenerator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplyGenerator.class);
    private static final long HEARTBEAT_NANOS = Duration.ofSeconds(1).toNanos();

    private final AssistantModel model;
    private final Conversation conversation;
    private final ReplyProgress progress;
    private final RunningReplies running;
    private final CommandGateway commandGateway;
    private final AssistantProperties properties;
    private final ExecutorService executor = Executors.newCachedThreadPool(daemon("assistant-reply-"));
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(daemon("reply-flush-"));
    private volatile boolean started;

    ReplyGenerator(
            AssistantModel model,
            Conversation conversation,
            ReplyProgress progress,
            RunningReplies running,
            @Qualifier("serviceCommandGateway") CommandGateway commandGateway,
            AssistantProperties properties) {
        this.model = model;
        this.conversation = conversation;
        this.progress = progress;
        this.running = running;
        this.commandGateway = commandGateway;
        this.properties = properties;
    }

    /** Starts generating the reply the session just accepted the question for; the slot is freed when it ends. */
    RunningReply start(AskedAssistant asked, ReplySlots.Slot slot) {
        var reply = new RunningReply(
                asked.replyId(), asked.session().id(), asked.userMessage().id(), AuditMetadata.ofCurrentRequest());
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
        var stats = new Stats(System.nanoTime());
        Disposable subscription = null;
        try {
            if (!model.configured()) {
                reply.end(RunningReply.End.FAILED, new NoModel());
            } else {
                var prompt = conversation.promptFor(reply.sessionId(), reply.questionId());
                subscription = model.chatModel().stream(prompt)
                        .timeout(
                                Mono.delay(properties.firstTokenTimeout()),
                                chunk -> Mono.delay(properties.idleTimeout()))
                        .subscribe(
                                response -> onChunk(reply, response, stats),
                                error -> reply.end(RunningReply.End.FAILED, error),
                                () -> reply.end(RunningReply.End.COMPLETED, null));
            }
            var cutOff = flusher.schedule(
                    () -> reply.end(
                            RunningReply.End.FAILED,
                            new ReplyLimitReached(
                                    HttpStatus.GATEWAY_TIMEOUT,
                                    "The reply took longer than its limit of " + properties.maxReplyDuration()
                                            + "; it was cut there")),
                    properties.maxReplyDuration().toMillis(),
                    TimeUnit.MILLISECONDS);
            RunningReply.Ending ending = awaitEnding(reply);
            cutOff.cancel(false);
            if (subscription != null) {
                subscription.dispose();
            }
            if (ending.end() != RunningReply.End.ABANDONED) {
                finish(reply, ending, stats);
            }
        } catch (RuntimeException e) {
            log.warn("Reply {} could not be generated", reply.replyId(), e);
            if (subscription != null) {
                subscription.dispose();
            }
            finish(reply, new RunningReply.Ending(RunningReply.End.FAILED, e), stats);
        } finally {
            running.remove(reply);
        }
    }

    private static RunningReply.Ending awaitEnding(RunningReply reply) {
        try {
            return reply.ending().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RunningReply.Ending(RunningReply.End.ABANDONED, e);
        } catch (ExecutionException e) {
            return new RunningReply.Ending(RunningReply.End.FAILED, e.getCause());
        }
    }

    private void onChunk(RunningReply reply, ChatResponse response, Stats stats) {
        stats.chunks++;
        if (response.getMetadata() != null) {
            if (StringUtils.hasText(response.getMetadata().getModel())) {
                stats.model = response.getMetadata().getModel();
            }
            Usage usage = response.getMetadata().getUsage();
            if (usage != null && usage.getTotalTokens() != null && usage.getTotalTokens() > 0) {
                stats.usage = usage;
            }
        }
        Generation generation = response.getResult();
        if (generation == null) {
            return;
        }
        if (generation.getMetadata() != null
                && StringUtils.hasText(generation.getMetadata().getFinishReason())) {
            stats.finishReason = generation.getMetadata().getFinishReason();
        }
        String text = generation.getOutput() == null
                ? null
                : withoutNul(generation.getOutput().getText());
        if (text != null && !text.isEmpty()) {
            if (stats.firstToken == 0) {
                stats.firstToken = System.nanoTime();
            }
            appendWithinLimit(reply, text);
        }
    }

    /** PostgreSQL cannot store U+0000 in text: the model's output is kept without it. */
    private static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }

    private void appendWithinLimit(RunningReply reply, String text) {
        int room = properties.maxReplyLength() - reply.stream().length();
        if (text.length() <= room) {
            reply.stream().append(text);
            return;
        }
        int cut = Math.max(room, 0);
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // never half a character
        }
        reply.stream().append(text.substring(0, cut));
        reply.end(
                RunningReply.End.FAILED,
                new ReplyLimitReached(
                        HttpStatus.BAD_GATEWAY,
                        "The reply reached its limit of " + properties.maxReplyLength()
                                + " characters; it was cut there"));
    }

    private void finish(RunningReply reply, RunningReply.Ending ending, Stats stats) {
        String text = reply.stream().close();
        long end = System.nanoTime();
        MessageStatus status;
        ProblemDetail problem = null;
        switch (ending.end()) {
            case STOPPED -> status = MessageStatus.STOPPED;
            case COMPLETED -> {
                if (stats.finishReason == null) {
                    problem = problem(HttpStatus.BAD_GATEWAY, "The model's stream ended before the reply was finished");
                } else if (text.isBlank()) {
                    problem = problem(HttpStatus.BAD_GATEWAY, "The model sent an empty reply");
                }
                status = problem == null ? MessageStatus.COMPLETE : MessageStatus.FAILED;
            }
            default -> {
                status = MessageStatus.FAILED;
                problem = describe(ending.error(), stats);
            }
        }
        if (problem != null) {
            problem.setInstance(java.net.URI.create("/api/chat-sessions/" + reply.sessionId() + "/reply"));
        }
        var details = new ReplyDetails(
                stats.model != null ? stats.model : model.name(),
                stats.finishReason,
                stats.usage == null ? null : stats.usage.getPromptTokens(),
                stats.usage == null ? null : stats.usage.getCompletionTokens(),
                stats.usage == null ? null : stats.usage.getTotalTokens(),
                stats.firstToken == 0 ? null : millis(stats.firstToken - stats.start),
                millis(end - stats.start),
                problem == null ? null : problem.getDetail());
        try {
            PostedMessage saved = commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(
                            new FinishReply(reply.sessionId(), reply.replyId(), text, status, details))
                    .andMetaData(reply.auditMetadata()));
            reply.stream().finish(new ReplyOutcome(saved, problem));
        } catch (NoReplyRunning | AggregateNotFoundException e) {
            // the session was deleted meanwhile, or the reply was already closed
            progress.remove(reply.replyId());
            reply.stream()
                    .finish(new ReplyOutcome(
                            null,
                            problem != null
                                    ? problem
                                    : problem(HttpStatus.GONE, "The session is gone; the reply was not saved")));
        } catch (RuntimeException e) {
            log.error("Reply {} could not be saved; it will be closed as failed by recovery", reply.replyId(), e);
            try {
                storeProgress(reply);
            } catch (RuntimeException notStored) {
                log.warn("Could not save the progress of reply {}", reply.replyId(), notStored);
            }
            reply.stream()
                    .finish(new ReplyOutcome(
                            null,
                            problem(
                                    HttpStatus.INTERNAL_SERVER_ERROR,
                                    "The reply could not be saved; it will be kept as failed with its text so far")));
        }
    }

    private ProblemDetail describe(Throwable error, Stats stats) {
        if (error instanceof NoModel) {
            var problem = problem(HttpStatus.SERVICE_UNAVAILABLE, AssistantModel.NOT_CONFIGURED);
            problem.setTitle("No model configured");
            return problem;
        }
        if (error instanceof ReplyLimitReached limit) {
            return problem(limit.status(), limit.getMessage());
        }
        if (error instanceof TimeoutException) {
            return problem(
                    HttpStatus.GATEWAY_TIMEOUT,
                    stats.firstToken == 0 && stats.chunks == 0
                            ? "The model sent nothing within " + properties.firstTokenTimeout()
                            : "The model stopped sending for " + properties.idleTimeout());
        }
        if (error instanceof WebClientResponseException response) {
            String body = response.getResponseBodyAsString();
            return problem(
                    HttpStatus.BAD_GATEWAY,
                    "The model endpoint answered " + response.getStatusCode().value()
                            + (body.isBlank() ? "" : ": " + abbreviate(body)));
        }
        if (error instanceof WebClientRequestException request) {
            return problem(
                    HttpStatus.BAD_GATEWAY,
                    "Could not reach the model endpoint: "
                            + abbreviate(String.valueOf(
                                    request.getMostSpecificCause().getMessage())));
        }
        return problem(
                HttpStatus.BAD_GATEWAY,
                "The model's stream broke off: "
                        + abbreviate(error == null ? "unknown error" : String.valueOf(error.getMessage())));
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Reply failed");
        return problem;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Stores each running reply's new text when it has some, and at least every second as its heartbeat. */
    private void flush() {
        long now = System.nanoTime();
        for (RunningReply reply : running.all()) {
            // a closed stream is being saved: its chunks go with its row
            if (!reply.stream().isClosed() && reply.needsFlush(now, HEARTBEAT_NANOS)) {
                try {
                    storeProgress(reply);
                } catch (RuntimeException e) {
                    log.warn("Could not save the progress of reply {}", reply.replyId(), e);
                }
            }
        }
    }

    /**
     * Appends the text not stored yet, with the heartbeat, and stops the reply if another node asked for it (its
     * notification may have been missed) or its row is gone (its session was deleted).
     */
    private void storeProgress(RunningReply reply) {
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

    @Override
    public void start() {
        long every = properties.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
        started = true;
    }

    /** Runs before the web server's graceful shutdown, so that open reply streams do not hold it up. */
    @Override
    public void stop() {
        started = false;
        flusher.shutdownNow();
        for (RunningReply reply : running.all()) {
            reply.end(RunningReply.End.ABANDONED, null);
            reply.stream().close();
            try {
                storeProgress(reply);
            } catch (RuntimeException e) {
                log.warn("Could not save the progress of reply {}", reply.replyId(), e);
            }
            var problem = problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The service is shutting down; this reply will be "
                            + "saved as failed with its text so far when the service starts again");
            reply.stream().finish(new ReplyOutcome(null, problem));
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

    private static ThreadFactory daemon(String prefix) {
        var count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What the model told about the reply while streaming; written by one stream's callbacks at a time. */
    private static final class Stats {
        final long start;
        volatile long firstToken;
        volatile int chunks;
        volatile String model;
        volatile String finishReason;
        volatile Usage usage;

        Stats(long start) {
            this.start = start;
        }
    }

    /** No endpoint configured: every reply fails at once, saying how to configure one. */
    private static final class NoModel extends RuntimeException {
        NoModel() {
            super(AssistantModel.NOT_CONFIGURED, null, false, false);
        }
    }
}
