package dev.chatsessions.command.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.command.CommandSideApplication;
import dev.chatsessions.command.assistant.ReplyProgress.Beat;
import dev.chatsessions.command.support.CommandSideDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The heartbeats of every running reply of a node go in one statement, which tells each reply whether to go on. */
@SpringBootTest(
        classes = CommandSideApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chat.security.jwt.hmac-secret=reply-progress-test-secret-of-32-bytes-or-more")
class ReplyProgressIntegrationTest {

    @Autowired
    ReplyProgress progress;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        CommandSideDatabase.register(registry);
    }

    @Test
    void oneStatementStoresEachRepliesTextAndTellsWhichGoOn() {
        UUID running = running(false);
        UUID stopAsked = running(true);
        UUID gone = UUID.randomUUID();

        var goOn = progress.beat(
                List.of(new Beat(running, 0, "Hello"), new Beat(stopAsked, 0, "Bye"), new Beat(gone, 0, "Lost")));

        assertThat(goOn).containsExactly(running);
        assertThat(text(running)).isEqualTo("Hello");
        assertThat(text(stopAsked)).isEqualTo("Bye");
        assertThat(text(gone)).as("no row: no chunks").isEmpty();

        // the next beats: more text from where the last ended, none, and the last beat again after an unknown outcome
        UUID quiet = running(false);
        assertThat(progress.beat(List.of(new Beat(running, 5, ", world"), new Beat(quiet, 0, ""))))
                .containsExactlyInAnyOrder(running, quiet);
        assertThat(progress.beat(List.of(new Beat(running, 5, ", world!")))).containsExactly(running);
        assertThat(text(running)).isEqualTo("Hello, world!");
        assertThat(text(quiet)).isEmpty();
    }

    @Test
    void aReplyWhoseRowIsDeletedMeanwhileGetsNoChunkWhileTheOthersBeat() throws Exception {
        UUID saved = running(false);
        UUID other = running(false);
        try (Connection saving = dataSource.getConnection()) {
            saving.setAutoCommit(false);
            try (var delete = saving.prepareStatement("delete from reply_progress where reply_id = ?")) {
                delete.setObject(1, saved);
                delete.executeUpdate();
            }
            var beating = CompletableFuture.supplyAsync(
                    () -> progress.beat(List.of(new Beat(saved, 0, "late"), new Beat(other, 0, "on time"))));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.sql("select exists (select from pg_locks where not granted)")
                            .query(Boolean.class)
                            .single());
            saving.commit();

            assertThat(beating.get(10, TimeUnit.SECONDS)).containsExactly(other);
        }
        assertThat(text(other)).isEqualTo("on time");
        assertThat(text(saved)).isEmpty();
    }

    private UUID running(boolean stopRequested) {
        UUID replyId = UUID.randomUUID();
        jdbc.sql("""
                        insert into reply_progress (reply_id, session_id, started_at, heartbeat_at, stop_requested)
                        values (?, ?, now(), now(), ?)""").params(replyId, UUID.randomUUID(), stopRequested).update();
        return replyId;
    }

    private String text(UUID replyId) {
        return jdbc.sql(
                        "select coalesce(string_agg(text, '' order by position), '') from reply_chunk where reply_id = ?")
                .param(replyId)
                .query(String.class)
                .single();
    }
}
