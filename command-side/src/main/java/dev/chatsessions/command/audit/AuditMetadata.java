package dev.chatsessions.command.audit;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Stamps each command sent while serving a request with who sent it and the request's correlation id; Axon copies
 * both into the metadata of the events the command causes (see the correlation data provider in
 * {@link AuditConfig}). Commands sent outside a request (background work) keep the metadata they were given.
 */
@Component
public class AuditMetadata implements MessageDispatchInterceptor<CommandMessage<?>> {

    public static final String USER_ID = "userId";
    public static final String CORRELATION_ID = "correlationId";
    /** The request attribute the correlation id of a request is kept in (set by the HTTP layer). */
    public static final String CORRELATION_ID_ATTRIBUTE = AuditMetadata.class.getName() + ".correlationId";

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> command.andMetaData(ofCurrentRequest());
    }

    /**
     * The user and correlation id of the request this thread serves, empty outside a request. Work a request starts
     * on other threads (an assistant reply) captures it to stamp the commands it sends later.
     */
    public static Map<String, Object> ofCurrentRequest() {
        Map<String, Object> metadata = new HashMap<>();
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            var request = attributes.getRequest();
            Principal user = request.getUserPrincipal();
            if (user != null) {
                metadata.put(USER_ID, user.getName());
            }
            if (request.getAttribute(CORRELATION_ID_ATTRIBUTE) instanceof String correlationId) {
                metadata.put(CORRELATION_ID, correlationId);
            }
        }
        return metadata;
    }
}
