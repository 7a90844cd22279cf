package dev.chatsessions.command.config;

import dev.chatsessions.command.TooManyRequests;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the commands in flight on one aggregate. Axon's command bus opens the command's transaction, and so takes a
 * pooled connection, before the repository waits for the aggregate's lock: without this bound, many posts to one hot
 * session would each hold a connection while queueing for its lock, and starve every other user of the pool. Here a
 * command beyond the bound waits for its turn without a connection, and is refused when its turn does not come in
 * time.
 */
final class SessionCommandQueues {

    private final int inFlightPerTarget;
    private final Duration maxWait;
    private final Map<Object, Lane> lanes = new ConcurrentHashMap<>();

    SessionCommandQueues(int inFlightPerTarget, Duration maxWait) {
        this.inFlightPerTarget = inFlightPerTarget;
        this.maxWait = maxWait;
    }

    <R> R run(Object target, Supplier<R> command) {
        Lane lane = lanes.compute(
                target, (key, existing) -> (existing == null ? new Lane(inFlightPerTarget) : existing).joined());
        try {
            if (!lane.permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TooManyRequests(
                        "Too many requests for this resource",
                        "More than " + inFlightPerTarget + " changes to this resource are already under way; "
                                + "try again shortly",
                        Duration.ofSeconds(1));
            }
            try {
                return command.get();
            } finally {
                lane.permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the resource's turn", e);
        } finally {
            lanes.computeIfPresent(target, (key, existing) -> existing.left() ? null : existing);
        }
    }

    /** How many targets have commands in flight or waiting; for tests that the lanes do not pile up. */
    int lanes() {
        return lanes.size();
    }

    /** One target's permits, and how many commands hold or wait for them (changed only inside the map's compute). */
    private static final class Lane {
        final Semaphore permits;
        int members;

        Lane(int permits) {
            this.permits = new Semaphore(permits, true);
        }

        Lane joined() {
            members++;
            return this;
        }

        /** True when the last member left, so that the lane can go. */
        boolean left() {
            return --members == 0;
        }
    }
}
