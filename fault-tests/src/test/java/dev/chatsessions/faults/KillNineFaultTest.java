package dev.chatsessions.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (a) The server killed with SIGKILL three times while 8 clients post, each time started again on the same data
 * dir (its embedded PostgreSQL, left running by the dead JVM, is found and stopped by the next start).
 */
class KillNineFaultTest {

    private ServerProcess server;
    private Load load;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void serverKilledThreeTimesUnderLoadLosesAndDuplicatesNoAcknowledgedPost() {
        server = ServerProcess.prepare("kill-nine", Map.of(), List.of());
        double firstStart = server.start();
        Fleet fleet = Fleet.create(server.baseUrl(), "kill");
        load = Load.start(fleet, Duration.ofMinutes(4));

        List<Double> recoveries = new ArrayList<>();
        List<Double> restarts = new ArrayList<>();
        Throwable faultPhase = null;
        try {
            for (int kill = 1; kill <= FaultSettings.KILLS; kill++) {
                load.awaitMoreAcks(FaultSettings.ACKS_BETWEEN_FAULTS, FaultSettings.ACKS_WAIT);
                long killed = System.nanoTime();
                server.kill();
                restarts.add(server.start());
                recoveries.add(load.awaitAckAfter(killed, FaultSettings.ACKS_WAIT));
            }
            load.awaitMoreAcks(FaultSettings.ACKS_BETWEEN_FAULTS, FaultSettings.ACKS_WAIT);
        } catch (RuntimeException | AssertionError e) {
            faultPhase = e; // the figures and end checks still say what happened
        }
        load.stopAndDrain();

        EndChecks checks = EndChecks.run(server.baseUrl(), fleet, load.acked);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("kills", FaultSettings.KILLS);
        figures.put("faultPhaseFailure", faultPhase == null ? null : faultPhase.toString());
        figures.put("clients", FaultSettings.CLIENTS);
        figures.put("sessions", fleet.sessionCount());
        figures.put("secondsToFirstStart", firstStart);
        figures.put("secondsFromKillToHealthUp", restarts);
        figures.put("secondsFromKillToNextAcknowledgedPost", recoveries);
        figures.putAll(load.figures());
        figures.putAll(checks.figures);
        figures.put("firstViolations", checks.violations);
        Figures.record("a-kill-nine", figures);

        assertThat(faultPhase).as("kills, restarts and the load between them").isNull();
        assertThat(checks.violations)
                .as("end checks after %s kills", FaultSettings.KILLS)
                .isEmpty();
        assertThat(load.unresolved)
                .as("posts never acknowledged despite retries")
                .isEmpty();
        assertThat(load.rejected).as("posts refused with a 4xx").isEmpty();
        assertThat(load.emptyAcks).as("2xx answers without the message").hasValue(0);
        assertThat(load.offContract)
                .as("failed writes must answer 503 with Retry-After")
                .isEmpty();
    }

    @AfterEach
    void stopEverything() {
        if (load != null) {
            load.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
