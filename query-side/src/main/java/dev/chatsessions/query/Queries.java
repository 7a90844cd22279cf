package dev.chatsessions.query;

import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** Sends a query to the handler that answers it, on the query bus, and waits for the answer. */
@Component
public class Queries {

    private final QueryGateway gateway;

    public Queries(QueryGateway gateway) {
        this.gateway = gateway;
    }

    /** The answer of a handler that always has one. */
    public <T> T answer(Object query, Class<T> type) {
        return gateway.query(query, ResponseTypes.instanceOf(type)).join();
    }

    /** The answer of a handler that may find nothing (unknown, deleted, or another user's). */
    public <T> Optional<T> find(Object query, Class<T> type) {
        return gateway.query(query, ResponseTypes.optionalInstanceOf(type)).join();
    }

    /** What {@link #find} found; {@link NotFound} when nothing. */
    public <T> T found(Object query, Class<T> type) {
        return find(query, type).orElseThrow(NotFound::new);
    }
}
