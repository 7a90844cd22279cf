package dev.chatsessions.command.assistant;

import java.net.http.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.model.ApiKey;
import org.springframework.ai.model.NoopApiKey;
import org.springframework.ai.model.SimpleApiKey;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.openai.api.common.OpenAiApiConstants;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds Spring AI's OpenAI chat client from Spring AI's standard properties ({@code spring.ai.openai.base-url},
 * {@code .api-key}, {@code .chat.base-url}, {@code .chat.api-key}, {@code .chat.completions-path},
 * {@code .chat.options.*}), but only when an endpoint is configured: Spring AI's own auto-configuration refuses to
 * start without a key, and a service without a model should still run. A base URL without a key (a local server)
 * sends no {@code Authorization} header.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AssistantProperties.class)
class AssistantModelConfig {

    static final String DEFAULT_MODEL = "gpt-4o-mini";

    private static final Logger log = LoggerFactory.getLogger(AssistantModelConfig.class);

    @Bean
    AssistantModel assistantModel(Environment environment, AssistantProperties properties) {
        Binder binder = Binder.get(environment);
        String baseUrl = first(binder, "spring.ai.openai.chat.base-url", "spring.ai.openai.base-url");
        String apiKey = first(binder, "spring.ai.openai.chat.api-key", "spring.ai.openai.api-key");
        if (baseUrl == null && apiKey == null) {
            log.warn("No model configured (spring.ai.openai.base-url / api-key): replies will say how to set one");
            return AssistantModel.none();
        }
        OpenAiChatOptions options = binder.bind("spring.ai.openai.chat.options", OpenAiChatOptions.class)
                .orElseGet(OpenAiChatOptions::new);
        if (!StringUtils.hasText(options.getModel())) {
            options.setModel(DEFAULT_MODEL);
        }
        options.setStreamUsage(true);

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        ApiKey key = apiKey != null ? new SimpleApiKey(apiKey) : new NoopApiKey();
        var api = OpenAiApi.builder()
                .baseUrl(baseUrl != null ? baseUrl : OpenAiApiConstants.DEFAULT_BASE_URL)
                .apiKey(key)
                .webClientBuilder(WebClient.builder().clientConnector(new JdkClientHttpConnector(http)))
                .restClientBuilder(RestClient.builder().requestFactory(new JdkClientHttpRequestFactory(http)));
        String completionsPath = first(binder, "spring.ai.openai.chat.completions-path");
        if (completionsPath != null) {
            api.completionsPath(completionsPath);
        }
        log.info(
                "Assistant replies from model {} at {}",
                options.getModel(),
                baseUrl != null ? baseUrl : OpenAiApiConstants.DEFAULT_BASE_URL);
        return new AssistantModel(api.build(), options);
    }

    private static String first(Binder binder, String... names) {
        for (String name : names) {
            String value = binder.bind(name, String.class).orElse(null);
            if (StringUtils.hasText(value)) {
                return value.strip();
            }
        }
        return null;
    }
}
