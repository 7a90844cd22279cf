package dev.chatsessions.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (c) Poison input under load: one user sends U+0000, which PostgreSQL cannot store in {@code text}, in a message's
 * content, a session name, a project name and a token's {@code sub}. Each must be refused ({@code 400} naming the
 * field; the token may be refused as a bad token, {@code 401}); and whatever happens to them, every other user's
 * writes must keep showing up in reads, promptly, with health UP. (Model output with NUL is the faulty-model
 * scenario's {@code [nul]} model.)
 */
class PoisonInputFaultTest {

    private ServerProcess server;
    private Load load;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aNulInAnyTextInputIsRefusedAndNeverStopsOtherUsersReadsOrHealth() {
        server = ServerProcess.prepare("poison", Map.of(), List.of());
        server.start();
        Fleet fleet = Fleet.create(server.baseUrl(), "poison");
        Probes probes = Probes.prepare(server.baseUrl());
        Http poisoner = new Http(server.baseUrl(), "poisoner-" + UUID.randomUUID());
        String project = poisoner.post("/api/projects", Map.of("name", "Poison"))
                .json()
                .get("id")
                .asText();
        String session = poisoner.post("/api/projects/" + project + "/chat-sessions", Map.of())
                .json()
                .get("id")
                .asText();
        load = Load.start(fleet, Duration.ofMinutes(3));
        load.awaitMoreAcks(FaultSettings.ACKS_BETWEEN_FAULTS, FaultSettings.ACKS_WAIT);

        // U+0000 in every kind of text input: content, a session name, a project name, a token's sub
        UUID poisonId = UUID.randomUUID();
        String poisonContent = "a\u0000b";
        Map<String, Http.Answer> poisons = new LinkedHashMap<>();
        Http.Answer poison = poisoner.post(
                "/api/chat-messages",
                Map.of("id", poisonId.toString(), "chatSessionId", session, "role", "user", "content", poisonContent));
        poisons.put("content", poison);
        poisons.put("name", poisoner.patch("/api/chat-sessions/" + session, Map.of("name", "New\u0000name")));
        poisons.put("project name", poisoner.post("/api/projects", Map.of("name", "Shop\u0000")));
        poisons.put("sub", new Http(server.baseUrl(), "nul\u0000user").post("/api/projects", Map.of("name", "Shop")));
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
            acked.put(
                    poisonId,
                    new Load.Ack(
                            new Load.Post(poisonId, session, poisonContent),
                            poison.status(),
                            1,
                            !poison.body().contains(poisonId.toString()),
                            0,
                            0));
        }
        List<Fleet.Owner> owners = new ArrayList<>(fleet.owners());
        owners.add(new Fleet.Owner(poisoner, project, List.of(session)));
        EndChecks checks = EndChecks.run(server.baseUrl(), new Fleet(owners), acked);

        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, String> answers = new LinkedHashMap<>();
        poisons.forEach((input, answer) -> answers.put(input, answer.toString()));
        figures.put("poisonAnswers", answers);
        figures.put("faultPhaseFailure", faultPhase == null ? null : faultPhase.toString());
        figures.putAll(probes.figures());
        figures.putAll(load.figures());
        figures.putAll(checks.figures);
        figures.put("firstViolations", checks.violations);
        Figures.record("c-poison-input", figures);

        assertThat(faultPhase).as("the load after the poison").isNull();
        assertThat(probes.findings)
                .as("other users' reads and health after the poison")
                .isEmpty();
        assertThat(checks.violations).as("end checks after the poison").isEmpty();
        assertThat(poisons.get("content").status())
                .as("a NUL in content: %s", poison)
                .isEqualTo(400);
        assertThat(poisons.get("content").body()).as("the 400 names the field").contains("\"content\"");
        assertThat(poisons.get("name").status())
                .as("a NUL in a session name: %s", poisons.get("name"))
                .isEqualTo(400);
        assertThat(poisons.get("name").body()).as("the 400 names the field").contains("\"name\"");
        assertThat(poisons.get("project name").status())
                .as("a NUL in a project name: %s", poisons.get("project name"))
                .isEqualTo(400);
        // a token whose sub has a NUL is refused either as bad input or as a bad token, never taken
        assertThat(poisons.get("sub").status())
                .as("a NUL in the token's sub: %s", poisons.get("sub"))
                .isIn(400, 401);
        assertThat(load.unresolved).as("posts never acknowledged").isEmpty();
        assertThat(load.rejected).as("posts refused with a 4xx").isEmpty();
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
