package dev.chatsessions.app.session;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.api.PostMessage;
import dev.chatsessions.app.ChatSessionsApplication;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import dev.chatsessions.app.support.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Posts to one hot session cannot take the connection pool (8) from other users. Axon opens a command's transaction,
 * and so takes a connection, before the command waits for its session's lock; the posts to one session beyond
 * {@code chat.commands.per-session-limit} wait for their turn before that, without a connection, and are refused
 * with 429 when it does not come within {@code chat.commands.per-session-wait}. Here the posts that got their turn
 * are held inside their transactions, as if the session's lock were taken for long, while twenty arrive.
 */
@SpringBootTest(
        classes = ChatSessionsApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.commands.per-session-limit=3", "chat.commands.per-session-wait=1s"})
@Import(HotSessionIntegrationTest.Holding.class)
class HotSessionIntegrationTest {

    private static final Path DATA_DIR = DataDirs.fresh("hot-session");
    private static final int POSTS = 20;
    private static final int LIMIT = 3;

    @LocalServerPort
    int port;

    @Autowired
    HeldSession held;

    private final ExecutorService clients = Executors.newFixedThreadPool(POSTS);

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("chat.data-dir", DATA_DIR::toString);
    }

    @AfterEach
    void letGo() {
        held.release.countDown();
        clients.shutdownNow();
    }

    @Test
    void postsQueuedOnOneHotSessionLeaveConnectionsForOtherUsers() throws Exception {
        Api hammering = Api.at(port).asNewUser();
        String hot = hammering.newSession().get("id").asText();
        held.session = UUID.fromString(hot);

        List<CompletableFuture<Response>> posts = IntStream.range(0, POSTS)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> hammering.post(
                                "/api/chat-messages",
                                Map.of("chatSessionId", hot, "role", "user", "content", "post " + i)),
                        clients))
                .toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> held.holding.get() == LIMIT);

        Api other = Api.at(port).asNewUser();
        String quiet = other.newSession().get("id").asText();
        other.post("/api/chat-messages", Map.of("chatSessionId", quiet, "role", "user", "content", "still served"))
                .expect(201);
        assertThat(items(other.messages(quiet)))
                .extracting(m -> m.get("content").asText())
                .containsExactly("still served");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> posts.stream().filter(CompletableFuture::isDone).count() == POSTS - LIMIT);
        for (var post : posts.stream().filter(CompletableFuture::isDone).toList()) {
            Response refused = post.get();
            refused.expectProblem(429, "/api/chat-messages");
            assertThat(refused.header("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        }

        held.release.countDown();
        for (var post : posts) {
            post.get(30, TimeUnit.SECONDS);
        }
        assertThat(posts.stream().map(CompletableFuture::join).filter(r -> r.status() == 201))
                .hasSize(LIMIT);
        List<JsonNode> saved = items(hammering.messages(hot));
        assertThat(saved)
                .extracting(m -> m.get("seq").asLong())
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, LIMIT).boxed().toList());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Holding {
        @Bean
        HeldSession heldSession() {
            return new HeldSession();
        }
    }

    /** Holds the posts to one session inside their transactions until released. */
    static final class HeldSession implements MessageHandlerInterceptor<CommandMessage<?>> {
        volatile UUID session;
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger holding = new AtomicInteger();

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            if (unitOfWork.getMessage().getPayload() instanceof PostMessage post
                    && post.sessionId().equals(session)) {
                holding.incrementAndGet();
                release.await(60, TimeUnit.SECONDS);
            }
            return chain.proceed();
        }
    }
}
