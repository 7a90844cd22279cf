package dev.chatsessions.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Other users' reads keep working, promptly": a user of its own, untouched by the fault, who in each probe posts a
 * message and reads the conversation back, creates a session and reads it back, and looks at health. A read that
 * misses what the same user just wrote, or takes longer than {@link FaultSettings#PROMPT_READ}, or health not UP, is
 * a finding. Bounded in probes and in time.
 */
final class Probes {

    private final Http user;
    private final String projectId;
    private final String sessionId;
    private final Http anyone;
    private final String baseUrl;
    private final List<Double> readMillis = new ArrayList<>();
    final List<String> findings = new ArrayList<>();
    private int probes;
    private int healthNotUp;

    private Probes(Http user, String projectId, String sessionId, Http anyone) {
        this.user = user;
        this.projectId = projectId;
        this.sessionId = sessionId;
        this.anyone = anyone;
        this.baseUrl = anyone.baseUrl();
    }

    static Probes prepare(String baseUrl) {
        Http user = new Http(baseUrl, "prober-" + UUID.randomUUID());
        String project = user.post("/api/projects", Map.of("name", "Prober"))
                .json()
                .get("id")
                .asText();
        String session = user.post("/api/projects/" + project + "/chat-sessions", Map.of())
                .json()
                .get("id")
                .asText();
        return new Probes(user, project, session, new Http(baseUrl, null));
    }

    /** Runs up to {@code count} probes, for at most {@code seconds}. */
    Probes run(int count, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            probe();
        }
        return this;
    }

    private void probe() {
        probes++;
        String id = UUID.randomUUID().toString();
        Http.Answer posted = user.post(
                "/api/chat-messages",
                Map.of("id", id, "chatSessionId", sessionId, "role", "user", "content", "probe " + probes));
        if (posted.status() != 201) {
            finding("posting answered " + posted);
        } else {
            Http.Answer read = user.get("/api/chat-sessions/" + sessionId + "/messages?limit=200");
            readMillis.add(read.millis());
            if (read.status() != 200 || !read.body().contains(id)) {
                finding("the conversation read " + Math.round(read.millis()) + " ms after posting misses the post: "
                        + read.label());
            } else if (read.millis() > FaultSettings.PROMPT_READ.toMillis()) {
                finding("reading the conversation took " + Math.round(read.millis()) + " ms");
            }
        }
        Http.Answer created = user.post("/api/projects/" + projectId + "/chat-sessions", Map.of());
        if (created.status() != 201) {
            finding("creating a session answered " + created);
        } else {
            JsonNode session = created.json();
            Http.Answer read =
                    user.get("/api/chat-sessions/" + session.get("id").asText());
            readMillis.add(read.millis());
            if (read.status() != 200) {
                finding("the session read " + Math.round(read.millis()) + " ms after creating it answered "
                        + read.label());
            } else if (read.millis() > FaultSettings.PROMPT_READ.toMillis()) {
                finding("reading the new session took " + Math.round(read.millis()) + " ms");
            }
        }
        if (!anyone.healthUp()) {
            healthNotUp++;
            finding("health not UP: " + Http.healthSummary(baseUrl));
        }
    }

    private void finding(String text) {
        if (findings.size() < 10) {
            findings.add("probe " + probes + ": " + text);
        }
    }

    Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        List<Double> sorted = readMillis.stream().sorted().toList();
        figures.put("probes", probes);
        figures.put("probeReads", sorted.size());
        figures.put("probeReadMillisMedian", sorted.isEmpty() ? null : Math.round(sorted.get(sorted.size() / 2)));
        figures.put("probeReadMillisMax", sorted.isEmpty() ? null : Math.round(sorted.get(sorted.size() - 1)));
        figures.put("probeHealthNotUp", healthNotUp);
        figures.put("probeFindings", findings);
        return figures;
    }
}
