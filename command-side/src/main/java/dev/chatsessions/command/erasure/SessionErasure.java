package dev.chatsessions.command.erasure;

import dev.chatsessions.api.SessionDeleted;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Makes a deleted session's text unrecoverable, in the transaction that records the deletion (a subscribing
 * processor whose failures fail the delete): asks every {@link SessionTextOwner} to forget the session.
 */
@Component
@ProcessingGroup(SessionErasure.GROUP)
public class SessionErasure {

    public static final String GROUP = "erasure";

    private final List<SessionTextOwner> owners;

    SessionErasure(List<SessionTextOwner> owners) {
        this.owners = List.copyOf(owners);
    }

    @EventHandler
    void on(SessionDeleted event) {
        owners.forEach(owner -> owner.forget(event.sessionId()));
    }
}
