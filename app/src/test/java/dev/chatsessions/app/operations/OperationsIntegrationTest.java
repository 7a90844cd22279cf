package dev.chatsessions.app.operations;

import static dev.chatsessions.app.support.Json.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.HttpIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an operator watches: Axon's bus and event store metrics, and each processor's progress in the health, whose
 * details only admins see.
 */
class OperationsIntegrationTest extends HttpIntegrationTest {

    @Test
    void metricsShowTheBusesAndTheEventStoreButNoPerEventProcessorMonitors() throws Exception {
        api.postMessage(api.newSession().path("id").asText(), "user", "Hello");
        api.messages(api.newSession().path("id").asText());

        List<String> names = new ArrayList<>();
        Api.JSON.readTree(admin().get("/actuator/metrics").body()).path("names").forEach(n -> names.add(n.asText()));

        assertThat(names)
                .contains("commandBus.successCounter", "eventStore.ingestedCounter", "queryBus.successCounter")
                .noneMatch(name -> name.startsWith("eventProcessor"));
    }

    @Test
    void healthShowsOnlyTheStatusWithoutTheAdminRole() throws Exception {
        var anonymous = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(fieldNames(Api.JSON.readTree(anonymous.body()))).containsExactly("status");

        assertThat(fieldNames(Api.JSON.readTree(api.get("/actuator/health").body())))
                .containsExactly("status");
        assertThat(fieldNames(Api.JSON.readTree(admin().get("/actuator/health").body())))
                .contains("components");
    }

    @Test
    void healthShowsEveryProjectionProcessorsPositionToAdmins() throws Exception {
        var processors = Api.JSON
                .readTree(admin().get("/actuator/health").body())
                .path("components")
                .path("eventProcessors")
                .path("details");

        for (String name : new String[] {"projects", "sessions", "messages", "analytics"}) {
            assertThat(processors.path(name).path("running").asBoolean())
                    .as(name)
                    .isTrue();
            assertThat(processors.path(name).has("position")).as(name).isTrue();
        }
    }

    @Test
    void healthListsTheSearchIndexesDeferredForARebuildToAdmins() throws Exception {
        var searchIndexes = Api.JSON
                .readTree(admin().get("/actuator/health").body())
                .path("components")
                .path("searchIndexes");

        assertThat(searchIndexes.path("status").asText()).isEqualTo("UP");
        assertThat(searchIndexes.path("details").path("deferred").isArray())
                .as("caught up: an empty list")
                .isTrue();
        assertThat(searchIndexes.path("details").path("deferred")).isEmpty();
    }

    private Api admin() throws Exception {
        String token = Api.JSON
                .readTree(api.post("/api/dev/tokens", Map.of("userId", "root", "roles", List.of("admin")))
                        .body())
                .path("token")
                .asText();
        return Api.at(port, user -> token);
    }
}
