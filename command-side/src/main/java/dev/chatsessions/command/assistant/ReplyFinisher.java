package dev.chatsessions.command.assistant;

import dev.chatsessions.api.FinishReply;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.PostedMessage;
import dev.chatsessions.api.ReplyDetails;
import dev.chatsessions.command.session.NoReplyRunning;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Saves a reply in its session ({@link FinishReply}), whoever closes it: its generator or recovery. */
@Component
class ReplyFinisher {

    private final CommandGateway commandGateway;
    private final ReplyProgress progress;

    ReplyFinisher(@Qualifier("serviceCommandGateway") CommandGateway commandGateway, ReplyProgress progress) {
        this.commandGateway = commandGateway;
        this.progress = progress;
    }

    /**
     * The saved reply; empty when there is no running reply to save any more (its session was deleted meanwhile, or
     * the reply was already closed), its progress row then removed. {@code auditMetadata}: whom the events name.
     */
    Optional<PostedMessage> finish(
            ReplyRef reply, String text, MessageStatus status, ReplyDetails details, Map<String, ?> auditMetadata) {
        try {
            return Optional.of(commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(
                            new FinishReply(reply.sessionId(), reply.replyId(), text, status, details))
                    .andMetaData(auditMetadata)));
        } catch (NoReplyRunning | AggregateNotFoundException e) {
            progress.remove(reply.replyId());
            return Optional.empty();
        }
    }
}
