package dev.chatsessions.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (d) Faulty models behind the server-side assistant flow: one that hangs after the headers, one that streams
 * forever, one that resets the connection mid-reply, one whose reply has U+0000 in it (and a well-behaved one as the
 * control), all at once. Every reply must end saved ({@code failed}; {@code complete} for the control and the NUL
 * one, stored without the NUL) with its stream ended by the server,
 * nothing left running or {@code streaming}, and other users' reads prompt meanwhile.
 */
class FaultyModelFaultTest {

    private static final List<String> MODES =
            List.of(FaultyModel.HANG, FaultyModel.FOREVER, FaultyModel.RESET, FaultyModel.NUL, "");

    private FaultyModel model;
    private ServerProcess server;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyReplyFromAHangingEndlessOrResetModelEndsSavedAndNothingIsLeftStreaming() throws Exception {
        model = new FaultyModel();
        List<String> args = new ArrayList<>(FaultSettings.ASSISTANT_ARGS);
        args.add("--spring.ai.openai.base-url=" + model.baseUrl());
        server = ServerProcess.prepare("faulty-model", Map.of(), args);
        server.start();
        Probes probes = Probes.prepare(server.baseUrl());
        // a user per model, so that a bound on replies running at once per user does not come into play
        Map<String, Http> users = new LinkedHashMap<>();
        Map<String, String> projects = new LinkedHashMap<>();
        Map<String, String> sessions = new LinkedHashMap<>();
        for (String mode : MODES) {
            Http user = new Http(server.baseUrl(), label(mode) + "-asker-" + UUID.randomUUID());
            String project = user.post("/api/projects", Map.of("name", "Faulty models"))
                    .json()
                    .get("id")
                    .asText();
            users.put(mode, user);
            projects.put(mode, project);
            sessions.put(
                    mode,
                    user.post("/api/projects/" + project + "/chat-sessions", Map.of())
                            .json()
                            .get("id")
                            .asText());
        }

        long asked = System.nanoTime();
        Map<String, CompletableFuture<ReplyStream.Outcome>> streams = new LinkedHashMap<>();
        Map<String, Load.Post> questions = new LinkedHashMap<>();
        sessions.forEach((mode, session) -> {
            Load.Post question = new Load.Post(UUID.randomUUID(), session, "Tell me more " + mode);
            questions.put(mode, question);
            streams.put(mode, ReplyStream.ask(users.get(mode), question, FaultSettings.REPLY_SETTLED));
        });
        probes.run(10, 30);

        Map<String, Object> replies = new LinkedHashMap<>();
        Map<UUID, Load.Ack> acknowledged = new LinkedHashMap<>();
        Map<String, Double> settledAfter = new LinkedHashMap<>();
        try {
            await("every reply saved and no longer running")
                    .atMost(FaultSettings.REPLY_SETTLED)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        for (String mode : MODES) {
                            if (!settledAfter.containsKey(mode) && settled(users.get(mode), sessions.get(mode))) {
                                settledAfter.put(mode, ServerProcess.seconds(asked));
                            }
                        }
                        return settledAfter.size() == MODES.size();
                    });
        } catch (RuntimeException e) {
            // the replies that did not settle have no time: asserted below, after the figures are kept
        }
        for (String mode : MODES) {
            ReplyStream.Outcome outcome =
                    streams.get(mode).get(FaultSettings.REPLY_SETTLED.toSeconds() + 10, TimeUnit.SECONDS);
            JsonNode reply = assistantMessage(users.get(mode), sessions.get(mode));
            if (outcome.events().contains("user-message")) { // the question is acknowledged as saved
                acknowledged.put(
                        questions.get(mode).id(), new Load.Ack(questions.get(mode), outcome.status(), 1, false, 0, 0));
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("streamStatus", outcome.status());
            figures.put("streamEvents", outcome.events());
            figures.put("streamEndedByTheServer", outcome.endedByServer());
            figures.put("streamSeconds", outcome.seconds());
            figures.put("streamFailure", outcome.failure());
            figures.put("secondsUntilSaved", settledAfter.get(mode));
            figures.put(
                    "savedStatus", reply == null ? null : reply.path("status").asText());
            figures.put(
                    "savedLength",
                    reply == null ? null : reply.path("content").asText().length());
            figures.put(
                    "savedWithNul",
                    reply != null && reply.path("content").asText().contains("\u0000"));
            figures.put("runningReplyAnswer", ReplyStream.runningReplyStatus(users.get(mode), sessions.get(mode)));
            replies.put(label(mode), figures);
        }

        Fleet fleet = new Fleet(MODES.stream()
                .map(mode -> new Fleet.Owner(users.get(mode), projects.get(mode), List.of(sessions.get(mode))))
                .toList());
        EndChecks checks = EndChecks.run(server.baseUrl(), fleet, acknowledged);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("settings", FaultSettings.ASSISTANT_ARGS);
        figures.put("replies", replies);
        figures.putAll(probes.figures());
        figures.putAll(checks.figures);
        figures.put("firstViolations", checks.violations);
        Figures.record("d-faulty-model", figures);

        for (String mode : MODES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> reply = (Map<String, Object>) replies.get(label(mode));
            assertThat(reply.get("secondsUntilSaved"))
                    .as("the %s reply saved within %s: %s", label(mode), FaultSettings.REPLY_SETTLED, reply)
                    .isNotNull();
            boolean completes = mode.isEmpty() || mode.equals(FaultyModel.NUL);
            assertThat(reply.get("savedStatus"))
                    .as("the %s reply's status", label(mode))
                    .isEqualTo(completes ? "complete" : "failed");
            assertThat(reply.get("savedWithNul"))
                    .as("the %s reply stored without U+0000", label(mode))
                    .isEqualTo(false);
            assertThat(reply.get("streamEndedByTheServer"))
                    .as("the %s reply's event stream ended by the server: %s", label(mode), reply)
                    .isEqualTo(true);
            assertThat(reply.get("runningReplyAnswer"))
                    .as("no %s reply still running", label(mode))
                    .isEqualTo(404);
        }
        assertThat(probes.findings)
                .as("other users' reads and health while the models misbehave")
                .isEmpty();
        assertThat(checks.violations).as("end checks after the faulty replies").isEmpty();
    }

    private static String label(String mode) {
        return switch (mode) {
            case FaultyModel.HANG -> "hanging";
            case FaultyModel.FOREVER -> "endless";
            case FaultyModel.RESET -> "reset";
            case FaultyModel.NUL -> "nul-emitting";
            default -> "well-behaved";
        };
    }

    /** The reply is saved with a final status, and no reply runs in the session any more. */
    private static boolean settled(Http user, String session) {
        JsonNode reply = assistantMessage(user, session);
        return reply != null
                && !"streaming".equals(reply.path("status").asText())
                && ReplyStream.runningReplyStatus(user, session) == 404;
    }

    /** The session's assistant message, or null while there is none. */
    private static JsonNode assistantMessage(Http user, String session) {
        Http.Answer answer = user.get("/api/chat-sessions/" + session + "/messages?limit=200");
        if (answer.status() != 200) {
            return null;
        }
        for (JsonNode message : answer.json().path("items")) {
            if ("assistant".equals(message.path("role").asText())) {
                return message;
            }
        }
        return null;
    }

    @AfterEach
    void stopEverything() {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
