package dev.chatsessions.command.config;

import dev.chatsessions.eventstore.DaemonThreads;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Retries a command whose events lost the race for the next sequence number of their aggregate (another process
 * appended first): the retry loads the aggregate afresh and decides again. Nothing else is retried, so a rule the
 * command breaks is answered at once.
 */
class ConflictRetryScheduler implements RetryScheduler {

    private static final int MAX_RETRIES = 20;

    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("command-retry-"));

    @Override
    public boolean scheduleRetry(
            CommandMessage commandMessage,
            RuntimeException failure,
            List<Class<? extends Throwable>[]> failures,
            Runnable dispatchTask) {
        if (!isConflict(failure) || failures.size() > MAX_RETRIES) {
            return false;
        }
        long delayMillis = ThreadLocalRandom.current().nextLong(1, 5L * failures.size() + 2);
        executor.schedule(dispatchTask, delayMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    private static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
