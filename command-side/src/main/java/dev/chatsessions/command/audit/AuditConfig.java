package dev.chatsessions.command.audit;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every event carries the {@code userId} and {@code correlationId} of the command that caused it ({@link AuditMetadata}
 * puts them on the command).
 */
@Configuration(proxyBeanMethods = false)
class AuditConfig {

    @Bean
    CorrelationDataProvider auditCorrelationData() {
        return new SimpleCorrelationDataProvider(AuditMetadata.USER_ID, AuditMetadata.CORRELATION_ID);
    }
}
