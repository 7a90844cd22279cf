package dev.chatsessions.command.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** Sends a create command and tells a new resource (201) from the answer to a repeated request (200). */
@Component
public class Creates {

    private final CommandGateway commandGateway;
    private final ObjectMapper objectMapper;

    Creates(CommandGateway commandGateway, ObjectMapper objectMapper) {
        this.commandGateway = commandGateway;
        this.objectMapper = objectMapper;
    }

    public <R> Created<R> send(Object command, ClientRequest request, Class<R> answerType) {
        var message = GenericCommandMessage.asCommandMessage(command);
        if (request != null) {
            message = message.andMetaData(request.metaData());
        }
        try {
            return new Created<>(commandGateway.sendAndWait(message), true);
        } catch (RepeatedRequest repeat) {
            try {
                return new Created<>(objectMapper.readValue(repeat.answer(), answerType), false);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Recorded answer no longer reads as " + answerType, e);
            }
        }
    }

    /** {@code isNew} is false when the answer is that of an earlier identical request. */
    public record Created<R>(R value, boolean isNew) {}
}
