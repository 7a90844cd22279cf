package dev.chatsessions.query.projection;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.stereotype.Component;

/**
 * Before a projection's query handler runs, waits until that projection has caught up (see
 * {@link ReadModelFreshness}), unless it is folded inline now: then every event committed is folded already. Which
 * projection is read off the handler's class, so that no handler names it, or forgets to. Axon's auto-configuration
 * registers every such interceptor bean on the query bus: registering it here too would wait twice.
 */
@Component
class ReadYourWrites implements MessageHandlerInterceptor<QueryMessage<?, ?>> {

    private final ReadModels readModels;
    private final ReadModelFreshness freshness;
    private final InlineProjections inline;

    ReadYourWrites(ReadModels readModels, ReadModelFreshness freshness, InlineProjections inline) {
        this.readModels = readModels;
        this.freshness = freshness;
        this.inline = inline;
    }

    @Override
    public Object handle(UnitOfWork<? extends QueryMessage<?, ?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        readModels
                .answering(unitOfWork.getMessage().getPayloadType())
                .filter(projection -> !inline.folding(projection.name()))
                .ifPresent(freshness::await);
        return interceptorChain.proceed();
    }
}
