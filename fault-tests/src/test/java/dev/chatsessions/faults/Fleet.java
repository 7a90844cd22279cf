package dev.chatsessions.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The users of a scenario: {@link FaultSettings#USERS} users, each with a project of
 * {@link FaultSettings#SESSIONS_PER_USER} chat sessions, created before any fault.
 */
record Fleet(List<Owner> owners) {

    record Owner(Http user, String projectId, List<String> sessionIds) {}

    static Fleet create(String baseUrl, String scenario) {
        List<Owner> owners = new ArrayList<>();
        for (int u = 0; u < FaultSettings.USERS; u++) {
            Http user = new Http(baseUrl, scenario + "-user-" + u + "-" + UUID.randomUUID());
            var project = user.post("/api/projects", Map.of("name", "Faults " + scenario + " " + u));
            if (project.status() != 201) {
                throw new AssertionError("creating a project: " + project);
            }
            String projectId = project.json().get("id").asText();
            List<String> sessions = new ArrayList<>();
            for (int s = 0; s < FaultSettings.SESSIONS_PER_USER; s++) {
                var session = user.post("/api/projects/" + projectId + "/chat-sessions", Map.of());
                if (session.status() != 201) {
                    throw new AssertionError("creating a session: " + session);
                }
                sessions.add(session.json().get("id").asText());
            }
            owners.add(new Owner(user, projectId, List.copyOf(sessions)));
        }
        return new Fleet(List.copyOf(owners));
    }

    int sessionCount() {
        return owners.stream().mapToInt(o -> o.sessionIds().size()).sum();
    }
}
