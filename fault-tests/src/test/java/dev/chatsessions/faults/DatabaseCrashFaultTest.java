package dev.chatsessions.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (b) The database crashed under load: the server runs against a PostgreSQL the test started itself (the way
 * production runs, an external database), which is stopped in immediate mode while 8 clients post, kept down
 * {@link FaultSettings#DATABASE_DOWN} and started again on the same data. The server is left alone: it must
 * recover by itself, and must never have acknowledged a post it did not store.
 */
class DatabaseCrashFaultTest {

    private CrashablePostgres postgres;
    private ServerProcess server;
    private Load load;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void databaseCrashedUnderLoadLosesNoAcknowledgedPostAndTheServerRecoversByItself() throws InterruptedException {
        postgres =
                CrashablePostgres.start(FaultSettings.WORK_DIR.resolve("database-crash-postgres-" + System.nanoTime()));
        server = ServerProcess.prepare(
                "database-crash",
                Map.of(
                        "SPRING_DATASOURCE_URL", postgres.jdbcUrl(),
                        "SPRING_DATASOURCE_USERNAME", postgres.user(),
                        "SPRING_DATASOURCE_PASSWORD", "unused-trust-auth"),
                List.of());
        double firstStart = server.start();
        Fleet fleet = Fleet.create(server.baseUrl(), "dbcrash");
        load = Load.start(fleet, Duration.ofMinutes(4));

        load.awaitMoreAcks(FaultSettings.ACKS_BETWEEN_FAULTS, FaultSettings.ACKS_WAIT);
        int ackedBeforeCrash = load.acknowledged();
        postgres.crash();
        long crashed = System.nanoTime();
        Thread.sleep(FaultSettings.DATABASE_DOWN.toMillis()); // the outage itself: there is no condition to wait for
        long restarting = System.nanoTime();
        postgres.start();
        double databaseStart = ServerProcess.seconds(restarting);
        double secondsDown = ServerProcess.seconds(crashed) - databaseStart;

        Http anyone = new Http(server.baseUrl(), null);
        Double healthUp = null;
        try {
            await("health UP after the database returned")
                    .atMost(FaultSettings.RECOVERY)
                    .pollInterval(Duration.ofMillis(200))
                    .until(anyone::healthUp);
            healthUp = ServerProcess.seconds(restarting);
        } catch (RuntimeException e) {
            // counted below; the end checks still run so the figures show what was lost
        }
        Double nextAck = null;
        Throwable faultPhase = null;
        try {
            nextAck = load.awaitAckAfter(restarting, FaultSettings.RECOVERY);
            load.awaitMoreAcks(FaultSettings.ACKS_BETWEEN_FAULTS, FaultSettings.ACKS_WAIT);
        } catch (RuntimeException | AssertionError e) {
            faultPhase = e;
        }
        load.stopAndDrain();
        boolean serverAlive = server.alive();

        EndChecks checks = EndChecks.run(server.baseUrl(), fleet, load.acked);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("clients", FaultSettings.CLIENTS);
        figures.put("faultPhaseFailure", faultPhase == null ? null : faultPhase.toString());
        figures.put("sessions", fleet.sessionCount());
        figures.put("secondsToFirstStart", firstStart);
        figures.put("postsAcknowledgedBeforeTheCrash", ackedBeforeCrash);
        figures.put("secondsDatabaseDown", Math.round(secondsDown * 100) / 100.0);
        figures.put("secondsForTheDatabaseToStartAgain", databaseStart);
        figures.put("secondsFromDatabaseRestartToHealthUp", healthUp);
        figures.put("secondsFromDatabaseRestartToNextAcknowledgedPost", nextAck);
        figures.put("serverStayedUp", serverAlive);
        figures.putAll(load.figures());
        figures.putAll(checks.figures);
        figures.put("firstViolations", checks.violations);
        Figures.record("b-database-crash", figures);

        assertThat(serverAlive)
                .as("the server process survived the database crash")
                .isTrue();
        assertThat(healthUp)
                .as("health UP within %s of the database's return", FaultSettings.RECOVERY)
                .isNotNull();
        assertThat(nextAck)
                .as("posts acknowledged again after the database's return")
                .isNotNull();
        assertThat(faultPhase).as("the load after the database's return").isNull();
        assertThat(checks.violations).as("end checks after the database crash").isEmpty();
        assertThat(load.emptyAcks).as("2xx answers without the message").hasValue(0);
        assertThat(load.offContract)
                .as("failed writes must answer 503 with Retry-After")
                .isEmpty();
        assertThat(load.unresolved)
                .as("posts never acknowledged despite retries")
                .isEmpty();
        assertThat(load.rejected).as("posts refused with a 4xx").isEmpty();
    }

    @AfterEach
    void stopEverything() {
        if (load != null) {
            load.close();
        }
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
