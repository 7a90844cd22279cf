package dev.chatsessions.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * (f) The compose profile "sides" as a test can run it: the command side twice and the query side twice, each started
 * from the server jar through Spring Boot's PropertiesLauncher exactly as the profile starts them, on one PostgreSQL
 * of the test's, behind Debian's nginx running {@code deploy/nginx/sides.conf} (only the upstream servers and the
 * listen port rewritten). Proves that its routing sends each request to the side that serves it, and that the sides
 * apart keep the app's security.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SidesApartBehindNginxServeAsOneServiceFaultTest {

    private static final String COMMAND_SIDE = "dev.chatsessions.command.CommandSideApplication";
    private static final String QUERY_SIDE = "dev.chatsessions.query.QuerySideApplication";

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<ServerProcess> commandSide = new ArrayList<>();
    private final List<ServerProcess> querySide = new ArrayList<>();
    private CrashablePostgres postgres;
    private NginxProcess nginx;

    @BeforeAll
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void commandSideTwiceAndQuerySideTwiceBehindNginx() {
        postgres = CrashablePostgres.start(FaultSettings.WORK_DIR.resolve("sides-postgres-" + System.nanoTime()));
        for (int i = 1; i <= 2; i++) {
            commandSide.add(side("command-" + i, COMMAND_SIDE));
            querySide.add(side("query-" + i, QUERY_SIDE));
        }
        // one after the other: the first of each side creates its schema
        long begun = System.nanoTime();
        commandSide.forEach(ServerProcess::start);
        querySide.forEach(ServerProcess::start);
        figures.put("secondsToStartTheFourSides", ServerProcess.seconds(begun));
        nginx = NginxProcess.start(
                NginxProcess.SIDES_CONF,
                Map.of(
                        "command_side",
                                commandSide.stream().map(ServerProcess::baseUrl).toList(),
                        "query_side",
                                querySide.stream().map(ServerProcess::baseUrl).toList()));
    }

    private ServerProcess side(String name, String mainClass) {
        return ServerProcess.prepareSide(
                name,
                mainClass,
                Map.of(
                        "SPRING_DATASOURCE_URL",
                        postgres.jdbcUrl(),
                        "SPRING_DATASOURCE_USERNAME",
                        postgres.user(),
                        "SPRING_DATASOURCE_PASSWORD",
                        "unused-trust-auth",
                        "CHAT_NODE_NAME",
                        name),
                List.of());
    }

    @Test
    void writesThroughNginxReachTheCommandSideAndAreReadAtOnceFromTheQuerySide() {
        Http viaNginx = new Http(nginx.baseUrl(), "sides-" + UUID.randomUUID());
        for (int round = 0; round < 4; round++) { // round robin: every side node writes and reads
            Http.Answer project = viaNginx.post("/api/projects", Map.of("name", "Sides " + round));
            assertThat(project.status()).as("creating a project: %s", project).isEqualTo(201);
            String projectId = project.json().get("id").asText();
            assertThat(viaNginx.get("/api/projects/" + projectId).status())
                    .as("the project read back")
                    .isEqualTo(200);
            Http.Answer session = viaNginx.post("/api/projects/" + projectId + "/chat-sessions", Map.of());
            assertThat(session.status()).as("creating a session: %s", session).isEqualTo(201);
            String sessionId = session.json().get("id").asText();
            String content = "through the sides " + round;
            assertThat(viaNginx.post(
                                    "/api/chat-messages",
                                    Map.of("chatSessionId", sessionId, "role", "user", "content", content))
                            .status())
                    .isEqualTo(201);
            Http.Answer messages = viaNginx.get("/api/chat-sessions/" + sessionId + "/messages");
            assertThat(messages.status()).as("messages: %s", messages).isEqualTo(200);
            assertThat(messages.json().get("items").get(0).get("content").asText())
                    .isEqualTo(content);
            assertThat(viaNginx.get("/api/chat-sessions/" + sessionId + "/events")
                            .body())
                    .contains(content);
        }
        // the routing matters: neither side serves the other's requests
        Http onCommandSide = new Http(commandSide.get(0).baseUrl(), viaNginx.userId());
        Http onQuerySide = new Http(querySide.get(0).baseUrl(), viaNginx.userId());
        assertThat(onCommandSide.get("/api/projects").status())
                .as("a read on the command side")
                .isNotEqualTo(200);
        assertThat(onQuerySide
                        .post("/api/projects", Map.of("name", "Wrong side"))
                        .status())
                .as("a write on the query side")
                .isNotEqualTo(201);
        assertThat(viaNginx.get("/api/projects").status())
                .as("the read through nginx")
                .isEqualTo(200);
    }

    @Test
    void aRunningReplysStreamAndTheAdminRoutesReachTheSideThatServesThem() {
        Http viaNginx = new Http(nginx.baseUrl(), "routes-" + UUID.randomUUID());
        String projectId = viaNginx.post("/api/projects", Map.of("name", "Routes"))
                .json()
                .get("id")
                .asText();
        String sessionId = viaNginx.post("/api/projects/" + projectId + "/chat-sessions", Map.of())
                .json()
                .get("id")
                .asText();
        String stream = "/api/chat-sessions/" + sessionId + "/reply/stream";
        // no reply runs: the command side's own answer, not the query side's "no such route"
        Http.Answer onCommandSide = new Http(commandSide.get(0).baseUrl(), viaNginx.userId()).get(stream);
        Http.Answer onQuerySide = new Http(querySide.get(0).baseUrl(), viaNginx.userId()).get(stream);
        Http.Answer throughNginx = viaNginx.get(stream);
        assertThat(onCommandSide.body()).as("the two sides answer differently").isNotEqualTo(onQuerySide.body());
        assertThat(throughNginx.status()).isEqualTo(onCommandSide.status());
        assertThat(throughNginx.json().path("detail").asText())
                .as("through nginx: %s", throughNginx)
                .isEqualTo(onCommandSide.json().path("detail").asText());

        Http admin = Http.admin(nginx.baseUrl());
        Http.Answer projections = admin.get("/api/admin/projections");
        assertThat(projections.status()).as("projections: %s", projections).isEqualTo(200);
        assertThat(projections.body()).contains("\"messages\"");
        Http.Answer retry = admin.post("/api/admin/dead-letters/retry", Map.of());
        assertThat(retry.status())
                .as("an admin POST of the query side through nginx: %s", retry)
                .isEqualTo(200);
    }

    @Test
    void theSidesApartRefuseRequestsWithoutAValidTokenAsTheAppDoes() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        List<String> targets = new ArrayList<>(List.of(nginx.baseUrl()));
        commandSide.forEach(side -> targets.add(side.baseUrl()));
        querySide.forEach(side -> targets.add(side.baseUrl()));
        for (String target : targets) {
            for (String token : new String[] {null, "not-a-jwt", forged()}) {
                for (String method : List.of("GET", "POST")) {
                    var request = HttpRequest.newBuilder(URI.create(target + "/api/projects"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .method(
                                    method,
                                    method.equals("GET")
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"));
                    if (token != null) {
                        request.header("Authorization", "Bearer " + token);
                    }
                    assertThat(status(client, request.build()))
                            .as("%s %s/api/projects with token %s", method, target, token)
                            .isEqualTo(401);
                }
            }
        }
        for (String target : targets) {
            Http anyone = new Http(target, null);
            await("health UP on " + target)
                    .atMost(FaultSettings.HEALTH_UP)
                    .pollInterval(Duration.ofMillis(200))
                    .until(anyone::healthUp);
            assertThat(anyone.healthUp()).as("health on %s", target).isTrue();
        }
    }

    /** A token for a user, signed with another secret than the sides'. */
    private static String forged() {
        String real = new Http("http://127.0.0.1:1", "mallory")
                .request("/", Duration.ofSeconds(1))
                .build()
                .headers()
                .firstValue("Authorization")
                .orElseThrow()
                .substring("Bearer ".length());
        String[] parts = real.split("\\.");
        return parts[0] + "." + parts[1] + "." + "AAAA" + parts[2].substring(4);
    }

    private static int status(HttpClient client, HttpRequest request) throws InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @AfterAll
    void stopEverything() {
        try {
            Figures.record("f-sides", figures);
        } finally {
            try {
                if (nginx != null) {
                    nginx.close();
                }
            } finally {
                try {
                    commandSide.forEach(ServerProcess::close);
                } finally {
                    try {
                        querySide.forEach(ServerProcess::close);
                    } finally {
                        if (postgres != null) {
                            postgres.close();
                        }
                    }
                }
            }
        }
    }
}
