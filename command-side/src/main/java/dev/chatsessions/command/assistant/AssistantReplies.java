package dev.chatsessions.command.assistant;

import dev.chatsessions.api.AskAssistant;
import dev.chatsessions.api.AskedAssistant;
import dev.chatsessions.api.FollowReply;
import dev.chatsessions.api.StopReply;
import dev.chatsessions.command.idempotency.ClientRequest;
import dev.chatsessions.command.idempotency.Creates;
import dev.chatsessions.command.session.NoReplyRunning;
import dev.chatsessions.eventstore.NodeNotifications;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * The assistant flow as the controller sees it: the session decides (owner, one reply at a time), then the reply
 * runs here. Stop and attach work on any node: the reply the session says is running is followed and stopped here
 * when this node generates it, and through the database ({@link StoredReplies}, {@link ReplyProgress}) otherwise.
 */
@Component
public class AssistantReplies {

    /** Where another node asks the generating one to stop a reply (it also checks at every heartbeat). */
    public static final String STOP_CHANNEL = "chat_reply_stop";

    private final Creates creates;
    private final CommandGateway commandGateway;
    private final ReplyGenerator generator;
    private final RunningReplies running;
    private final ReplySlots slots;
    private final ReplyProgress progress;
    private final StoredReplies stored;

    public AssistantReplies(
            Creates creates,
            CommandGateway commandGateway,
            ReplyGenerator generator,
            RunningReplies running,
            ReplySlots slots,
            ReplyProgress progress,
            StoredReplies stored,
            NodeNotifications notifications) {
        this.slots = slots;
        this.progress = progress;
        this.stored = stored;
        this.creates = creates;
        this.commandGateway = commandGateway;
        this.generator = generator;
        this.running = running;
        notifications.subscribe(
                STOP_CHANNEL, replyId -> running.find(UUID.fromString(replyId)).ifPresent(RunningReply::stop));
    }

    /**
     * Saves the question and starts the reply, if the user and this process may run one more. A repeated request
     * (same id or key) starts nothing: it answers the recorded question, with the reply if it is still running
     * ({@code reply} null otherwise).
     */
    public Asked ask(AskAssistant command, ClientRequest request) {
        ReplySlots.Slot slot = slots.take(command.userId());
        try {
            var created = creates.send(command, request, AskedAssistant.class);
            AskedAssistant asked = created.value();
            if (created.isNew()) {
                return new Asked(asked, generator.start(asked, slot), true);
            }
            slot.release();
            return new Asked(asked, running.find(asked.replyId()).orElse(null), false);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }

    public void stop(UUID sessionId, String userId) {
        UUID replyId = commandGateway.sendAndWait(new StopReply(sessionId, userId));
        var here = running.find(replyId);
        if (here.isPresent()) {
            here.get().stop();
        } else if (!progress.requestStop(replyId)) {
            throw new NoReplyRunning();
        }
    }

    public Followed follow(UUID sessionId, String userId) {
        UUID replyId = commandGateway.sendAndWait(new FollowReply(sessionId, userId));
        var here = running.find(replyId);
        if (here.isPresent()) {
            return new Followed(replyId, here.get().stream());
        }
        if (!progress.isRunning(replyId)) {
            throw new NoReplyRunning();
        }
        return new Followed(replyId, stored.source(new ReplyRef(sessionId, replyId)));
    }

    public record Followed(UUID replyId, ReplySource source) {}

    public record Asked(AskedAssistant asked, RunningReply reply, boolean isNew) {}
}
