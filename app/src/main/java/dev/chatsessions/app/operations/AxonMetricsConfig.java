package dev.chatsessions.app.operations;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's message metrics in Spring Boot's registry, so that {@code /actuator/prometheus} shows them. Axon's own
 * auto-configuration may decide before the Prometheus registry exists and then records into a private registry
 * that nothing scrapes.
 * <p>
 * The command bus, event store and query bus are measured per message; the event processors are not: their monitors
 * look up tagged meters for every event, also the ones a processor ignores, which cost a fifth of a processor's time
 * when replaying. Their progress is in {@code /actuator/health} (each processor's position).
 */
@Configuration(proxyBeanMethods = false)
class AxonMetricsConfig {

    @Bean
    GlobalMetricRegistry axonMetricRegistry(MeterRegistry meterRegistry) {
        return new GlobalMetricRegistry(meterRegistry);
    }

    @Bean
    @SuppressWarnings("unchecked")
    ConfigurerModule axonMetrics(GlobalMetricRegistry axonMetricRegistry) {
        return configurer -> configurer.configureMessageMonitor(
                configuration -> (componentType, componentName) -> EventProcessor.class.isAssignableFrom(componentType)
                        ? NoOpMessageMonitor.INSTANCE
                        : (MessageMonitor<Message<?>>)
                                axonMetricRegistry.registerComponentWithDefaultTags(componentType, componentName));
    }
}
