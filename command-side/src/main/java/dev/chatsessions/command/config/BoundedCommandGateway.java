package dev.chatsessions.command.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;

/**
 * The gateway clients' commands go through: each command waits its turn in its aggregate's lane
 * ({@link SessionCommandQueues}) before it reaches the bus; a command without a target aggregate passes straight on.
 * The bus runs commands on the caller's thread, so the turn is held for exactly as long as the command runs.
 */
final class BoundedCommandGateway implements CommandGateway {

    private final CommandGateway delegate;
    private final SessionCommandQueues queues;
    private final CommandTargetResolver targets =
            AnnotationCommandTargetResolver.builder().build();

    BoundedCommandGateway(CommandGateway delegate, SessionCommandQueues queues) {
        this.delegate = delegate;
        this.queues = queues;
    }

    @Override
    public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
        inLane(command, () -> {
            delegate.send(command, callback);
            return null;
        });
    }

    @Override
    public <R> R sendAndWait(Object command) {
        return inLane(command, () -> delegate.sendAndWait(command));
    }

    @Override
    public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
        return inLane(command, () -> delegate.sendAndWait(command, timeout, unit));
    }

    @Override
    public <R> CompletableFuture<R> send(Object command) {
        return inLane(command, () -> delegate.send(command));
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        return delegate.registerDispatchInterceptor(dispatchInterceptor);
    }

    private <R> R inLane(Object command, Supplier<R> send) {
        Object target = target(command);
        return target == null ? send.get() : queues.run(target, send);
    }

    private Object target(Object command) {
        try {
            return targets.resolveTarget(GenericCommandMessage.asCommandMessage(command))
                    .getIdentifier();
        } catch (IllegalArgumentException e) {
            return null; // no @TargetAggregateIdentifier: nothing to queue behind
        }
    }
}
