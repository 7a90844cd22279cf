package dev.chatsessions.command.assistant;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The replies this process is generating, by reply id: what stop and attach requests find. */
@Component
class RunningReplies {

    private final Map<UUID, RunningReply> replies = new ConcurrentHashMap<>();

    void add(RunningReply reply) {
        replies.put(reply.replyId(), reply);
    }

    void remove(RunningReply reply) {
        replies.remove(reply.replyId(), reply);
    }

    Optional<RunningReply> find(UUID replyId) {
        return Optional.ofNullable(replies.get(replyId));
    }

    boolean isRunning(UUID replyId) {
        return replies.containsKey(replyId);
    }

    List<RunningReply> all() {
        return List.copyOf(replies.values());
    }
}
