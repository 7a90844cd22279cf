package dev.chatsessions.app.operations;

import dev.chatsessions.query.admin.DeadLetters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code deadLetters}, and the gauge {@code chat.dead.letters}: how many events
 * the projections have parked. Up all the same: every other session's events flow on; an operator looks at
 * {@code GET /api/admin/dead-letters}.
 */
@Component
class DeadLettersHealthIndicator extends AbstractHealthIndicator implements MeterBinder {

    private final DeadLetters deadLetters;

    DeadLettersHealthIndicator(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up()
                .withDetail("parked", deadLetters.count())
                .withDetail("byProjection", deadLetters.countByProjection());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("chat.dead.letters", deadLetters, DeadLetters::count)
                .description("Events the projections could not fold, parked with the later events of their session")
                .register(registry);
    }
}
