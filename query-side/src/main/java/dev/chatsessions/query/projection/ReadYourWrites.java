package dev.chatsessions.query.projection;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.stereotype.Component;

/**
 * Before a projection's query handler runs, waits until that projection has caught up (see
 * {@link ReadModelFreshness}). Which projection is read off the handler's class, so that no handler names it, or
 * forgets to.
 */
@Component
class ReadYourWrites implements MessageHandlerInterceptor<QueryMessage<?, ?>> {

    private final ReadModels readModels;
    private final ReadModelFreshness freshness;

    ReadYourWrites(QueryBus queryBus, ReadModels readModels, ReadModelFreshness freshness) {
        this.readModels = readModels;
        this.freshness = freshness;
        queryBus.registerHandlerInterceptor(this);
    }

    @Override
    public Object handle(UnitOfWork<? extends QueryMessage<?, ?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        readModels.answering(unitOfWork.getMessage().getPayloadType()).ifPresent(freshness::await);
        return interceptorChain.proceed();
    }
}
