package dev.chatsessions.command.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies mean what they say (400 otherwise): a number or a boolean is not a text, and a number is not a
 * role. Jackson's defaults would read {@code "name": 123} as "123" and {@code "role": 0} as "user".
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictScalars() {
        return builder -> builder.featuresToEnable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                                 .postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                                                                 .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                                                 .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                                                 .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
