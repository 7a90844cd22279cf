package dev.chatsessions.command.http;

import dev.chatsessions.command.idempotency.ClientRequest;
import dev.chatsessions.command.idempotency.Creates;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The one way an endpoint creates: the id the client chose or a new one, the request made repeatable (keyed by its
 * {@code Idempotency-Key} or the client's id, fingerprinted with the method and path of the current request), and
 * {@code 201} for a new resource or {@code 200} with the earlier answer for a repeat.
 */
@Component
class CreateRoutine {

    private final Creates creates;

    CreateRoutine(Creates creates) {
        this.creates = creates;
    }

    /** A create request as the client sent it. */
    record NewResource(Principal user, String idempotencyKey, UUID clientId, Object body) {

        String userId() {
            return user.getName();
        }
    }

    /** Where the recorded answer of a repeatable request belongs, so that it is erased with that session. */
    enum Owner {
        /** Kept as long as the user's requests are. */
        USER,
        /** The new resource is a session: the answer is erased with it. */
        NEW_SESSION
    }

    /** Sends {@code command} for the new resource's id; {@code location} gives the Location header, or is null. */
    <R> ResponseEntity<R> create(
            NewResource resource,
            Owner owner,
            Function<UUID, Object> command,
            Class<R> answerType,
            Function<R, String> location) {
        UUID id = idOf(resource.clientId());
        return create(resource, owner == Owner.NEW_SESSION ? id : null, id, command, answerType, location);
    }

    /** As above, for a resource inside {@code sessionId}: its recorded answer is erased with the session. */
    <R> ResponseEntity<R> createIn(
            UUID sessionId, NewResource resource, Function<UUID, Object> command, Class<R> answerType) {
        return create(resource, sessionId, idOf(resource.clientId()), command, answerType, null);
    }

    /** The request made repeatable, for creates that answer otherwise (the assistant's exchange). */
    static ClientRequest clientRequest(NewResource resource, UUID sessionId) {
        return ClientRequest.of(
                resource.userId(),
                resource.idempotencyKey(),
                resource.clientId(),
                currentRoute(),
                resource.body(),
                sessionId);
    }

    /** The id the client chose, or a new one. */
    static UUID idOf(UUID clientId) {
        return clientId != null ? clientId : UUID.randomUUID();
    }

    /** The path of the current request with {@code id} appended: where a resource created by POST to it lives. */
    static String underCurrentPath(UUID id) {
        return currentRequest().getRequestURI() + "/" + id;
    }

    private <R> ResponseEntity<R> create(
            NewResource resource,
            UUID sessionId,
            UUID id,
            Function<UUID, Object> command,
            Class<R> answerType,
            Function<R, String> location) {
        var created = creates.send(command.apply(id), clientRequest(resource, sessionId), answerType);
        var response = ResponseEntity.status(created.isNew() ? HttpStatus.CREATED : HttpStatus.OK);
        if (location != null) {
            response.location(URI.create(location.apply(created.value())));
        }
        return response.body(created.value());
    }

    private static String currentRoute() {
        HttpServletRequest request = currentRequest();
        return request.getMethod() + " " + request.getRequestURI();
    }

    private static HttpServletRequest currentRequest() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }
}
