package dev.chatsessions.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Per-session keys on a real PostgreSQL, in real transactions. */
class SessionKeysIntegrationTest {

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;
    private static TransactionTemplate transactions;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        // One instance throughout: Spring binds a transaction's connection to the data source object.
        DataSource dataSource = postgres.getPostgresDatabase();
        EventStoreSchema.migrations(dataSource).migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void aKeyWhoseTransactionRolledBackNeverEncryptsAnything() {
        var keys = new SessionKeys(jdbc);
        UUID session = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            keys.encrypt(session, "rolled back");
            status.setRollbackOnly();
        });

        String stored = transactions.execute(status -> keys.encrypt(session, "kept"));

        assertThat(new SessionKeys(jdbc).decrypt(session, stored))
                .as("readable with the stored key")
                .contains("kept");
    }

    @Test
    void refusesASnapshotOnceTheSessionsKeyIsGone() {
        var keys = new SessionKeys(jdbc);
        UUID session = UUID.randomUUID();
        transactions.executeWithoutResult(status -> keys.encrypt(session, "first message"));
        String snapshotName = transactions.execute(status -> keys.encryptForSnapshot(session, "Name"));
        assertThat(snapshotName).startsWith(SessionKeys.PREFIX);

        transactions.executeWithoutResult(status -> keys.destroy(session));

        assertThatThrownBy(() -> transactions.execute(status -> keys.encryptForSnapshot(session, "Name")))
                .hasMessageContaining("deleted");
    }

    @Test
    void aSnapshotTakenWhileTheDeletionCommitsWaitsForItAndIsRefused() throws Exception {
        var keys = new SessionKeys(jdbc);
        UUID session = UUID.randomUUID();
        transactions.executeWithoutResult(status -> keys.encrypt(session, "first message"));
        var destroyed = new CountDownLatch(1);
        var commit = new CountDownLatch(1);
        var deletion = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            keys.destroy(session);
            destroyed.countDown();
            waitFor(commit);
        }));
        waitFor(destroyed);

        var snapshot = CompletableFuture.supplyAsync(
                () -> transactions.execute(status -> keys.encryptForSnapshot(session, "Name")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")
                                .query(Long.class)
                                .single()
                        > 0);
        commit.countDown();
        deletion.join();

        assertThatThrownBy(snapshot::join).hasMessageContaining("deleted");
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
