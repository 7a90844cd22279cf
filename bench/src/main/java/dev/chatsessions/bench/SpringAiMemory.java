package dev.chatsessions.bench;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.PostgresChatMemoryRepositoryDialect;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Spring AI's JdbcChatMemoryRepository: appending one message through its API is read the conversation, add the
 * message, saveAll — and saveAll replaces the whole conversation (delete, then insert every message again).
 */
final class SpringAiMemory {

    private SpringAiMemory() {}

    static Result run(String jdbcUrl, int length, Duration warmup, Duration measure) throws Exception {
        var dataSource = new DriverManagerDataSource(jdbcUrl, "postgres", "");
        var pooled = new com.zaxxer.hikari.HikariDataSource();
        pooled.setDataSource(dataSource);
        pooled.setMaximumPoolSize(2);
        try (pooled) {
            try (Connection c = pooled.getConnection()) {
                ScriptUtils.executeSqlScript(
                        c,
                        new ClassPathResource(
                                "org/springframework/ai/chat/memory/repository/jdbc/schema-postgresql.sql"));
            }
            var repository = JdbcChatMemoryRepository.builder()
                    .jdbcTemplate(new JdbcTemplate(pooled))
                    .dialect(new PostgresChatMemoryRepositoryDialect())
                    .transactionManager(new DataSourceTransactionManager(pooled))
                    .build();
            String conversation = UUID.randomUUID().toString();
            List<Message> seed = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                seed.add(i % 2 == 0 ? new UserMessage(EventSeeder.CONTENT) : new AssistantMessage(EventSeeder.CONTENT));
            }
            repository.saveAll(conversation, seed);
            Result result = LoadGenerator.run("spring-ai-memory-" + length, 1, warmup, measure, client -> {
                List<Message> messages = new ArrayList<>(repository.findByConversationId(conversation));
                messages.add(new UserMessage(EventSeeder.CONTENT));
                repository.saveAll(conversation, messages);
                return -1;
            });
            return result.with(
                    "final_length",
                    repository.findByConversationId(conversation).size());
        }
    }
}
