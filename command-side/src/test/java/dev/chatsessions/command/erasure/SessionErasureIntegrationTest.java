package dev.chatsessions.command.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatsessions.api.ChangeSession;
import dev.chatsessions.api.CreateProject;
import dev.chatsessions.api.CreateSession;
import dev.chatsessions.api.DeleteSession;
import dev.chatsessions.command.CommandSideApplication;
import dev.chatsessions.command.support.CommandSideDatabase;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Erasure is part of the delete: an owner that cannot forget a session fails the delete, and nothing is erased. */
@SpringBootTest(
        classes = {CommandSideApplication.class, SessionErasureIntegrationTest.Failing.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chat.security.jwt.hmac-secret=session-erasure-test-secret-of-32-bytes-or-more")
class SessionErasureIntegrationTest {

    /** Sessions the failing owner refuses to forget. */
    static final Set<UUID> unforgettable = ConcurrentHashMap.newKeySet();

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        CommandSideDatabase.register(registry);
    }

    @Test
    void aFailingOwnerFailsTheDeleteAndLeavesTheSessionIntact() {
        UUID project = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        commands.sendAndWait(new CreateProject(project, "alice", "Erasure", null));
        commands.sendAndWait(new CreateSession(project, session, "alice", "Kept"));
        unforgettable.add(session);

        assertThatThrownBy(() -> commands.sendAndWait(new DeleteSession(session, "alice")))
                .hasMessageContaining("cannot forget");

        assertThat(keys(session))
                .as("the session's key, destroyed by another owner, is back")
                .isEqualTo(1);
        commands.sendAndWait(new ChangeSession(session, "alice", "Still here", null, null));

        unforgettable.remove(session);
        commands.sendAndWait(new DeleteSession(session, "alice"));
        assertThat(keys(session)).isZero();
    }

    private long keys(UUID session) {
        return jdbc.sql("select count(*) from session_key where session_id = ?")
                .param(session)
                .query(Long.class)
                .single();
    }

    @TestConfiguration
    static class Failing {

        @Bean
        SessionTextOwner unforgettableOwner() {
            return sessionId -> {
                if (unforgettable.contains(sessionId)) {
                    throw new IllegalStateException("This owner cannot forget session " + sessionId);
                }
            };
        }
    }
}
