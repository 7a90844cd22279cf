package dev.chatsessions.query.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Tells the reads waiting for a projection that its processor, in this process, committed a batch, so that they
 * look again at once instead of at their next poll. Processors in other processes are only seen by polling.
 */
@Component
public class ProjectionCommits {

    private final Map<String, Signal> signals = new ConcurrentHashMap<>();

    /** Called after a batch of the processor {@code processorName} committed. */
    public void committed(String processorName) {
        Signal signal = signals.get(processorName);
        if (signal != null) {
            signal.raise();
        }
    }

    /** How many commits of the projection were announced so far; pass it to {@link #awaitAfter}. */
    long seen(String projection) {
        return signals.computeIfAbsent(projection, name -> new Signal()).count();
    }

    /** Waits until a commit after {@code seen} is announced, or {@code nanos} pass. */
    void awaitAfter(String projection, long seen, long nanos) throws InterruptedException {
        signals.computeIfAbsent(projection, name -> new Signal()).awaitAfter(seen, nanos);
    }

    private static final class Signal {

        private long count;

        synchronized void raise() {
            count++;
            notifyAll();
        }

        synchronized long count() {
            return count;
        }

        synchronized void awaitAfter(long seen, long nanos) throws InterruptedException {
            if (count == seen) {
                TimeUnit.NANOSECONDS.timedWait(this, nanos);
            }
        }
    }
}
