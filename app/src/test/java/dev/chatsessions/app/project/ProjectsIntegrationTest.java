package dev.chatsessions.app.project;

import static dev.chatsessions.app.support.Json.fieldNames;
import static dev.chatsessions.app.support.Json.withoutInstance;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProjectsIntegrationTest extends HttpIntegrationTest {

    @Test
    void createsProjectWithLocationAndView() {
        var response = api.post("/api/projects", Map.of("name", "  Shop builder  ", "description", "An app"))
                .expect(201);

        JsonNode project = response.json();
        String id = project.get("id").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(fieldNames(project)).containsExactlyInAnyOrder("id", "name", "description", "createdAt");
        assertThat(project.get("name").asText()).isEqualTo("Shop builder");
        assertThat(project.get("description").asText()).isEqualTo("An app");
        assertThat(Instant.parse(project.get("createdAt").asText()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(project.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3,9}Z");
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.header("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/api/projects/" + id));

        assertThat(api.get("/api/projects/" + id).expect(200).json()).isEqualTo(project);
    }

    @Test
    void descriptionIsOptionalAndNullWhenAbsent() {
        JsonNode project = api.createProject("No description");

        assertThat(project.has("description")).isTrue();
        assertThat(project.get("description").isNull()).isTrue();
    }

    @Test
    void usesTheClientsId() {
        String id = UUID.randomUUID().toString();

        JsonNode project = api.post("/api/projects", Map.of("id", id, "name", "Mine"))
                .expect(201)
                .json();

        assertThat(project.get("id").asText()).isEqualTo(id);
        api.get("/api/projects/" + id).expect(200);
    }

    @Test
    void listsOwnProjectsNewestFirst() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.createProject("P" + i).get("id").asText());
        }
        api.asNewUser().createProject("someone else's");
        java.util.Collections.reverse(created);

        JsonNode page = api.get("/api/projects").expect(200).json();

        assertThat(fieldNames(page)).containsExactlyInAnyOrder("items", "nextCursor");
        assertThat(page.get("nextCursor").isNull()).isTrue();
        assertThat(page.get("items").findValuesAsText("id")).containsExactlyElementsOf(created);
        List<Instant> times = page.get("items").findValuesAsText("createdAt").stream()
                .map(Instant::parse)
                .toList();
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void newUserHasNoProjects() {
        JsonNode page = api.get("/api/projects").expect(200).json();

        assertThat(page.get("items")).isEmpty();
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void acceptsNamesOfOneToHundredCharactersAfterTrimming() {
        assertThat(api.createProject(" x ").get("name").asText()).isEqualTo("x");
        assertThat(api.createProject("n".repeat(100)).get("name").asText()).hasSize(100);

        api.post("/api/projects", Map.of("name", "n".repeat(101))).expectInvalid("/api/projects", "name");
        api.post("/api/projects", Map.of("name", "   ")).expectInvalid("/api/projects", "name");
        api.post("/api/projects", Map.of("name", "")).expectInvalid("/api/projects", "name");
        api.post("/api/projects", Map.of("description", "no name")).expectInvalid("/api/projects", "name");
        api.post("/api/projects", "{}").expectInvalid("/api/projects", "name");

        assertThat(api.get("/api/projects").json().get("items")).hasSize(2);
    }

    @Test
    void foreignAndUnknownProjectsLookTheSame() {
        String foreign = api.asNewUser().createProject("not yours").get("id").asText();
        String unknown = UUID.randomUUID().toString();

        JsonNode foreignProblem = api.get("/api/projects/" + foreign).expectProblem(404, "/api/projects/" + foreign);
        JsonNode unknownProblem = api.get("/api/projects/" + unknown).expectProblem(404, "/api/projects/" + unknown);

        assertThat(withoutInstance(foreignProblem)).isEqualTo(withoutInstance(unknownProblem));
    }
}
