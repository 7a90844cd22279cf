package dev.chatsessions.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * What every scenario ends with, read through the public API only: health UP within a bounded wait; then for
 * every session of the fleet, its messages (all pages), the session and its audit stream. Each acknowledged post
 * must be listed exactly once with its content; {@code seq} runs 1..n without gaps; {@code messageCount}, the list
 * and the {@code MessagePosted} events of the audit stream agree, message for message; no message is left
 * {@code streaming} (any status but complete, failed or stopped). Findings are counted into figures and listed as
 * violations (the first few of each kind in full).
 */
final class EndChecks {

    private static final Set<String> SETTLED = Set.of("complete", "failed", "stopped");
    private static final int MAX_PAGES = 500;
    private static final int SHOWN = 8;

    final Map<String, Object> figures = new LinkedHashMap<>();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> kinds = new HashMap<>();

    private EndChecks() {}

    static EndChecks run(String baseUrl, Fleet fleet, Map<UUID, Load.Ack> acked) {
        EndChecks checks = new EndChecks();
        checks.check(baseUrl, fleet, acked);
        return checks;
    }

    private void check(String baseUrl, Fleet fleet, Map<UUID, Load.Ack> acked) {
        long begun = System.nanoTime();
        Http anyone = new Http(baseUrl, null);
        try {
            await("health UP")
                    .atMost(FaultSettings.HEALTH_UP)
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .until(anyone::healthUp);
            figures.put("secondsUntilHealthUpAtTheEnd", ServerProcess.seconds(begun));
        } catch (RuntimeException e) {
            violation(
                    "health",
                    "/actuator/health not UP within " + FaultSettings.HEALTH_UP + ": " + Http.healthSummary(baseUrl));
        }

        Map<String, List<Load.Ack>> acksBySession = acked.values().stream()
                .collect(Collectors.groupingBy(a -> a.post().sessionId()));
        ExecutorService readers = Executors.newFixedThreadPool(8);
        List<Future<int[]>> results = new ArrayList<>();
        for (Fleet.Owner owner : fleet.owners()) {
            for (String session : owner.sessionIds()) {
                Http user = owner.user();
                results.add(readers.submit(
                        () -> checkSession(user, session, acksBySession.getOrDefault(session, List.of()))));
            }
        }
        int lost = 0, duplicated = 0, wrongContent = 0, storedUnacknowledged = 0, messages = 0;
        for (Future<int[]> result : results) {
            try {
                int[] counts = result.get();
                lost += counts[0];
                duplicated += counts[1];
                wrongContent += counts[2];
                storedUnacknowledged += counts[3];
                messages += counts[4];
            } catch (Exception e) {
                violation("read", "reading a session failed: " + e);
            }
        }
        readers.shutdownNow();
        figures.put("messagesListed", messages);
        figures.put("acknowledgedLost", lost);
        figures.put("acknowledgedDuplicated", duplicated);
        figures.put("acknowledgedWithWrongContent", wrongContent);
        figures.put("storedWithoutAcknowledgement", storedUnacknowledged);
        figures.put("violations", violations.size());
        figures.put("violationKinds", new LinkedHashMap<>(kinds));
        figures.put("secondsForEndChecks", ServerProcess.seconds(begun));
    }

    /** Returns {lost, duplicated, wrong content, stored unacknowledged user posts, messages listed}. */
    private int[] checkSession(Http user, String session, List<Load.Ack> acks) {
        List<JsonNode> messages = readAll(user, "/api/chat-sessions/" + session + "/messages", session);
        List<JsonNode> events = readAll(user, "/api/chat-sessions/" + session + "/events", session);
        Http.Answer view = user.get("/api/chat-sessions/" + session);

        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (message.path("seq").asLong() != i + 1) {
                violation("seq", session + ": message " + (i + 1) + " of the list has seq " + message.path("seq"));
            }
            if (!SETTLED.contains(message.path("status").asText())) {
                violation(
                        "streaming",
                        session + ": message " + message.path("id").asText() + " is "
                                + message.path("status").asText());
            }
        }
        if (view.status() != 200) {
            violation("session", session + ": GET answered " + view);
        } else if (view.json().path("messageCount").asLong() != messages.size()) {
            violation(
                    "messageCount",
                    session + ": messageCount " + view.json().path("messageCount") + " but " + messages.size()
                            + " messages listed");
        }
        List<String> postedIds = events.stream()
                .filter(e -> "MessagePosted".equals(e.path("type").asText()))
                .map(e -> e.path("payload").path("messageId").asText())
                .toList();
        List<String> listedIds =
                messages.stream().map(m -> m.path("id").asText()).toList();
        if (!postedIds.equals(listedIds)) {
            violation(
                    "audit",
                    session + ": the audit stream has " + postedIds.size() + " MessagePosted, the list "
                            + listedIds.size() + " messages"
                            + (postedIds.size() == listedIds.size() ? ", in another order or with other ids" : ""));
        }

        Map<String, List<JsonNode>> byId = messages.stream()
                .collect(Collectors.groupingBy(m -> m.path("id").asText()));
        Map<String, Long> byContent = messages.stream()
                .collect(Collectors.groupingBy(m -> m.path("content").asText(), Collectors.counting()));
        int lost = 0, duplicated = 0, wrongContent = 0;
        Set<String> ackedIds = acks.stream().map(a -> a.post().id().toString()).collect(Collectors.toSet());
        for (Load.Ack ack : acks) {
            List<JsonNode> found = byId.getOrDefault(ack.post().id().toString(), List.of());
            if (found.isEmpty()) {
                lost++;
                violation(
                        "lost",
                        session + ": acknowledged post " + ack.post().id() + " (answered " + ack.status()
                                + " on attempt " + ack.attempts() + (ack.emptyBody() ? ", without the message" : "")
                                + ") is not listed");
            } else if (found.size() > 1 || byContent.getOrDefault(ack.post().content(), 0L) > 1) {
                duplicated++;
                violation(
                        "duplicated",
                        session + ": acknowledged post " + ack.post().id() + " is listed "
                                + Math.max(
                                        found.size(),
                                        byContent.getOrDefault(ack.post().content(), 0L)) + " times");
            } else if (!found.get(0).path("content").asText().equals(ack.post().content())) {
                wrongContent++;
                violation("content", session + ": post " + ack.post().id() + " is listed with other content");
            }
        }
        int storedUnacknowledged = (int) messages.stream()
                .filter(m -> "user".equals(m.path("role").asText()))
                .filter(m -> !ackedIds.contains(m.path("id").asText()))
                .count();
        return new int[] {lost, duplicated, wrongContent, storedUnacknowledged, messages.size()};
    }

    private List<JsonNode> readAll(Http user, String path, String session) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = path + "?limit=200"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Http.Answer answer = user.get(url);
            if (answer.status() != 200) {
                violation("read", session + ": GET " + url + " answered " + answer);
                return items;
            }
            JsonNode json = answer.json();
            json.path("items").forEach(items::add);
            JsonNode next = json.path("nextCursor");
            if (next.isNull() || next.isMissingNode()) {
                return items;
            }
            cursor = next.asText();
        }
        violation("read", session + ": more than " + MAX_PAGES + " pages at " + path);
        return items;
    }

    private void violation(String kind, String detail) {
        int seen;
        synchronized (kinds) {
            seen = kinds.merge(kind, 1, Integer::sum);
        }
        if (seen <= SHOWN) {
            violations.add(kind + ": " + detail);
        } else if (seen == SHOWN + 1) {
            violations.add(kind + ": … (more of this kind, counted in violationKinds)");
        }
    }
}
