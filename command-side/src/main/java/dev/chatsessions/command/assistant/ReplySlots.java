package dev.chatsessions.command.assistant;

import dev.chatsessions.command.TooManyRequests;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Bounds the replies running at once, per user ({@code chat.assistant.max-replies-per-user}) and in this process
 * ({@code chat.assistant.max-replies-per-node}): each reply holds a thread and a connection to the model while it
 * runs. A question beyond either bound is refused before it is saved.
 */
@Component
class ReplySlots {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final int perUser;
    private final int perNode;
    private final Map<String, Integer> byUser = new HashMap<>();
    private int total;

    @Autowired
    ReplySlots(AssistantProperties properties) {
        this(properties.maxRepliesPerUser(), properties.maxRepliesPerNode());
    }

    ReplySlots(int perUser, int perNode) {
        this.perUser = perUser;
        this.perNode = perNode;
    }

    synchronized Slot take(String userId) {
        if (total >= perNode) {
            throw new TooManyRequests(
                    "Too many replies running",
                    "This server is generating as many replies as it " + "may (" + perNode + "); try again shortly",
                    RETRY_AFTER);
        }
        if (byUser.getOrDefault(userId, 0) >= perUser) {
            throw new TooManyRequests(
                    "Too many replies running",
                    "You have " + perUser + " replies being generated already; wait for one to finish",
                    RETRY_AFTER);
        }
        byUser.merge(userId, 1, Integer::sum);
        total++;
        return new Slot(userId);
    }

    synchronized int running() {
        return total;
    }

    private synchronized void free(String userId) {
        byUser.computeIfPresent(userId, (user, count) -> count == 1 ? null : count - 1);
        total--;
    }

    /** One running reply's place; released once, however often {@link #release} is called. */
    final class Slot {
        private final String userId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String userId) {
            this.userId = userId;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                free(userId);
            }
        }
    }
}
