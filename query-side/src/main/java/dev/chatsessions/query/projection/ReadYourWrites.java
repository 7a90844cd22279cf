package dev.chatsessions.query.projection;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.stereotype.Component;

/**
 * Before a projection's query handler runs, waits until that projection has caught up (see
 * {@link ReadModelFreshness}). Which projection is read off the handler's class, so that no handler names it, or
 * forgets to. Axon's auto-configuration registers every such interceptor bean on the query bus: registering it here
 * too would wait twice.
 */
@Component
class ReadYourWrites implements MessageHandlerInterceptor<QueryMessage<?, ?>> {

    private final ReadModels readModels;
    private final ReadModelFreshness freshness;

    ReadYourWrites(ReadModels readModels, ReadModelFreshness freshness) {
        this.readModels = readModels;
        this.freshness = freshness;
    }

    @Override
    public Object handle(UnitOfWork<? extends QueryMessage<?, ?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        readModels.answering(unitOfWork.getMessage().getPayloadType()).ifPresent(freshness::await);
        return interceptorChain.proceed();
    }
}
