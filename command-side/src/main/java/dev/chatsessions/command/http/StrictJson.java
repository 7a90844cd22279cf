package dev.chatsessions.command.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Request bodies mean what they say (400 otherwise): a number or a boolean is not a text, a number is not a role,
 * and a text or a number is not a boolean. Jackson's defaults would read {@code "name": 123} as "123",
 * {@code "role": 0} as "user" and {@code "pinned": "true"} or {@code 1} as true.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictScalars() {
        return builder -> builder.featuresToEnable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .postConfigurer(mapper -> {
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Boolean)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                });
    }

    /**
     * Request bodies read with no U+0000 in any text: PostgreSQL cannot store it, and an event holding one could
     * not be folded into the read tables. Only requests: the event serializer keeps the plain mapper, so an event
     * stored before this rule still reads.
     */
    @Bean
    MappingJackson2HttpMessageConverter requestBodiesWithoutNul(ObjectMapper objectMapper) {
        ObjectMapper requests = objectMapper
                .copy()
                .registerModule(
                        new SimpleModule("text-without-nul").addDeserializer(String.class, new TextWithoutNul()));
        return new MappingJackson2HttpMessageConverter(requests);
    }

    private static final class TextWithoutNul extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(parser, CommandErrors.NUL_MESSAGE, text, String.class);
            }
            return text;
        }
    }
}
