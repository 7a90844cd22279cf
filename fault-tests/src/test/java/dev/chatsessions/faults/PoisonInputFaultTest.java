package dev.chatsessions.faults;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * (c) A poison input under load: one user posts content with U+0000, which PostgreSQL cannot store in {@code text}.
 * It must be refused ({@code 400} naming the field); and whatever happens to it, every other user's writes must
 * keep showing up in reads, promptly, with health UP.
 */
class PoisonInputFaultTest {

    private ServerProcess server;
    private Load load;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aNulInContentIsRefusedAndNeverStopsOtherUsersReadsOrHealth() {
        server = ServerProcess.prepare("poison", Map.of(), List.of());
        server.start();
        Fleet fleet = Fleet.create(server.baseUrl(), "poison");
        Probes probes = Probes.prepare(server.baseUrl());
        Http poisoner = new Http(server.baseUrl(), "poisoner-" + UUID.randomUUID());
        String project = poisoner.post("/api/projects", Map.of("name", "Poison")).json().get("id").asText();
        String session = poisoner.post("/api/projects/" + project + "/chat-sessions", Map.of()).json().get("id").asText();
        load = Load.start(fleet, Duration.ofMinutes(3));
        load.awaitMoreAcks(FaultSettings.ACKS_BETWEEN_FAULTS, FaultSettings.ACKS_WAIT);

        UUID poisonId = UUID.randomUUID();
        String poisonContent = "a\u0000b";
        Http.Answer poison = poisoner.post("/api/chat-messages", Map.of("id", poisonId.toString(), "chatSessionId", session,
                                                                        "role", "user", "content", poisonContent));
        Throwable faultPhase = null;
        try {
            // the others keep posting while the poison is (or would be) folded by the projections
            load.awaitMoreAcks(FaultSettings.ACKS_BETWEEN_FAULTS / 2, FaultSettings.ACKS_WAIT);
        } catch (RuntimeException | AssertionError e) {
            faultPhase = e;
        }
        load.stopAndDrain();
        probes.run(10, 30);

        // Acknowledged, the poison is owed like any other post: the end checks look for it
        Map<UUID, Load.Ack> acked = new java.util.HashMap<>(load.acked);
        if (poison.ok()) {
            acked.put(poisonId, new Load.Ack(new Load.Post(poisonId, session, poisonContent), poison.status(), 1,
                                             !poison.body().contains(poisonId.toString()), 0, 0));
        }
        List<Fleet.Owner> owners = new ArrayList<>(fleet.owners());
        owners.add(new Fleet.Owner(poisoner, project, List.of(session)));
        EndChecks checks = EndChecks.run(server.baseUrl(), new Fleet(owners), acked);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("poisonAnswer", poison.toString());
        figures.put("faultPhaseFailure", faultPhase == null ? null : faultPhase.toString());
        figures.putAll(probes.figures());
        figures.putAll(load.figures());
        figures.putAll(checks.figures);
        figures.put("firstViolations", checks.violations);
        Figures.record("c-poison-input", figures);

        assertThat(faultPhase).as("the load after the poison").isNull();
        assertThat(probes.findings).as("other users' reads and health after the poison").isEmpty();
        assertThat(checks.violations).as("end checks after the poison").isEmpty();
        assertThat(poison.status()).as("a NUL in content: %s", poison).isEqualTo(400);
        assertThat(poison.body()).as("the 400 names the field").contains("content");
        assertThat(load.unresolved).as("posts never acknowledged").isEmpty();
        assertThat(load.rejected).as("posts refused with a 4xx").isEmpty();
        assertThat(load.offContract).as("failed writes must answer 503 with Retry-After").isEmpty();
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
