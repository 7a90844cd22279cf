package dev.chatsessions.app.operations;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's message and processor metrics in Spring Boot's registry, so that {@code /actuator/prometheus} shows
 * them. Axon's own auto-configuration may decide before the Prometheus registry exists and then records into a
 * private registry that nothing scrapes.
 */
@Configuration(proxyBeanMethods = false)
class AxonMetricsConfig {

    @Bean
    GlobalMetricRegistry axonMetricRegistry(MeterRegistry meterRegistry) {
        return new GlobalMetricRegistry(meterRegistry);
    }

    @Bean
    MetricsConfigurerModule axonMetrics(GlobalMetricRegistry axonMetricRegistry) {
        return new MetricsConfigurerModule(axonMetricRegistry, true);
    }
}
