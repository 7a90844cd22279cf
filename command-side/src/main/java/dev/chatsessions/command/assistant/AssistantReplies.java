package dev.chatsessions.command.assistant;

import dev.chatsessions.api.AskAssistant;
import dev.chatsessions.api.AskedAssistant;
import dev.chatsessions.api.FollowReply;
import dev.chatsessions.api.StopReply;
import dev.chatsessions.command.NoReplyRunning;
import dev.chatsessions.command.idempotency.ClientRequest;
import dev.chatsessions.command.idempotency.Creates;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * The assistant flow as the controller sees it: the session decides (owner, one reply at a time), then the reply
 * runs here. Stop and attach find the reply the session says is running among those this process generates.
 */
@Component
class AssistantReplies {

    private final Creates creates;
    private final CommandGateway commandGateway;
    private final ReplyGenerator generator;
    private final RunningReplies running;
    private final ReplySlots slots;

    AssistantReplies(Creates creates, CommandGateway commandGateway, ReplyGenerator generator,
                     RunningReplies running, ReplySlots slots) {
        this.slots = slots;
        this.creates = creates;
        this.commandGateway = commandGateway;
        this.generator = generator;
        this.running = running;
    }

    /**
     * Saves the question and starts the reply, if the user and this process may run one more. A repeated request
     * (same id or key) starts nothing: it answers the recorded question, with the reply if it is still running
     * ({@code reply} null otherwise).
     */
    Asked ask(AskAssistant command, ClientRequest request) {
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

    void stop(UUID sessionId, String userId) {
        UUID replyId = commandGateway.sendAndWait(new StopReply(sessionId, userId));
        running.find(replyId).orElseThrow(NoReplyRunning::new).stop();
    }

    RunningReply follow(UUID sessionId, String userId) {
        UUID replyId = commandGateway.sendAndWait(new FollowReply(sessionId, userId));
        return running.find(replyId).orElseThrow(NoReplyRunning::new);
    }

    record Asked(AskedAssistant asked, RunningReply reply, boolean isNew) {
    }
}
