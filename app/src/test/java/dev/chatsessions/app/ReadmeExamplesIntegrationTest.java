package dev.chatsessions.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import dev.chatsessions.app.support.FakeOpenAi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every shell example of the README runs as written against the default run: the README's {@code ```bash} blocks,
 * in the README's order, in one bash, against this test's server (local mode, {@code localhost:8080} replaced by its
 * port, the assistant's model the test's fake, every other setting the default run's). A block preceded by {@value #SKIP} needs what the test cannot give
 * (docker, an external database, a model key, a build) and is left out.
 */
@SpringBootTest(classes = ChatSessionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadmeExamplesIntegrationTest {

    static final String SKIP = "<!-- readme-examples: skip";
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern PROBLEM_OF_AUTH_OR_SERVER = Pattern.compile("\"status\":(401|403|5\\d\\d)\\b");
    private static final Path DATA_DIR = DataDirs.fresh("readme-examples");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void defaultRunWithTheFakeModel(DynamicPropertyRegistry registry) {
        registry.add("chat.data-dir", DATA_DIR::toString);
        registry.add("spring.ai.openai.base-url", FakeOpenAi.INSTANCE::baseUrl);
        registry.add("spring.ai.openai.api-key", () -> "test-key");
        registry.add("spring.ai.openai.chat.options.model", () -> FakeOpenAi.MODEL);
    }

    @Test
    void everyShellExampleOfTheReadmeRunsAgainstTheServer() throws Exception {
        List<String> blocks = runnableBlocks(Files.readAllLines(README, StandardCharsets.UTF_8));
        assertThat(blocks).as("runnable blocks of the README").hasSizeGreaterThanOrEqualTo(5);
        assertThat(String.join("\n", blocks))
                .as("no jq: a fresh machine may lack it")
                .doesNotContain("jq ");

        String script = "set -u\n" + String.join("\n", blocks).replace("localhost:8080", "localhost:" + port);
        Path workDir = Files.createTempDirectory(Path.of("target"), "readme-examples");
        Path out = Files.createTempFile(Path.of("target"), "readme-examples", ".out");
        Path err = Files.createTempFile(Path.of("target"), "readme-examples", ".err");
        Process bash = new ProcessBuilder("bash", "-c", script)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            assertThat(bash.waitFor(2, TimeUnit.MINUTES)).as("the examples end").isTrue();
        } finally {
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
        }
        // the examples replay the messages projection: it ends before the server stops
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !Api.adminAt(port)
                        .get("/api/admin/projections")
                        .expect(200)
                        .body()
                        .contains("\"replaying\":true"));
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);

        assertThat(bash.exitValue()).as("exit status; stderr: %s", stderr).isZero();
        assertThat(stderr).as("shell errors").doesNotContain("command not found", "unbound variable", "syntax error");
        assertThat(PROBLEM_OF_AUTH_OR_SERVER.matcher(stdout).find())
                .as("a 401, 403 or 5xx in %s", stdout)
                .isFalse();
        // what the examples say they answer
        assertThat(stdout)
                .contains("\"token\":\"") // local mode's token endpoint
                .contains("\"name\":\"Create a login form\"") // the walk's session, auto-named
                .contains("event:assistant-message") // the assistant's stream
                .contains("\"content\":\"Hello, world!\"") // the fake model's reply, saved
                .contains("\"type\":\"SessionCreated\"") // the history
                .contains("\"name\":\"messages\"") // the projections an admin sees
                .contains("\"folded\":"); // dead letters retried
        assertThat(Pattern.compile("(?m)^204$").matcher(stdout).find())
                .as("the walk's delete answers 204")
                .isTrue();
        try (var downloads = Files.list(workDir)) {
            assertThat(downloads.map(file -> file.getFileName().toString()))
                    .as("the exports, downloaded")
                    .anyMatch(name -> name.endsWith(".md"))
                    .anyMatch(name -> name.endsWith(".json"));
        }
    }

    /** The lines of each {@code ```bash} block not preceded by {@link #SKIP}, as they are (indentation removed). */
    static List<String> runnableBlocks(List<String> lines) throws IOException {
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```bash")) {
                continue;
            }
            boolean skipped = i > 0 && lines.get(i - 1).strip().startsWith(SKIP);
            StringBuilder block = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                block.append(lines.get(i).stripLeading()).append('\n');
            }
            if (!skipped) {
                blocks.add(block.toString());
            }
        }
        return blocks;
    }
}
