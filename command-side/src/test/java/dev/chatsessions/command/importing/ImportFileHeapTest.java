package dev.chatsessions.command.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ChatGPT export near the import's default size limit (50 MiB) is read, both passes, in a JVM whose heap is a
 * fraction of the file's size; the same heap cannot hold the file read whole, so the limit is not a formality.
 */
class ImportFileHeapTest {

    private static final String HEAP = "-Xmx32m";
    private static final int CONVERSATIONS = 1_000;
    private static final int MESSAGES = 20;
    private static final String TEXT = "Lisbon, café, tram 28 \uD83D\uDE8B and code ```x = 1``` ".repeat(40);

    @TempDir
    Path dir;

    @Test
    void readsAFileNearTheSizeLimitInAHeapSmallerThanTheFile() throws Exception {
        Path file = dir.resolve("conversations.json");
        writeChatGptExport(file);
        long size = Files.size(file);
        assertThat(size).isBetween(40L << 20, 50L << 20);

        Child streamed = run(file.toString());
        assertThat(streamed.exitCode()).as(streamed.output()).isZero();
        assertThat(streamed.output())
                .contains("conversations=" + CONVERSATIONS + " messages="
                        + (long) CONVERSATIONS * MESSAGES + " characters="
                        + (long) CONVERSATIONS * MESSAGES * TEXT.length());

        Child whole = run(file.toString(), "tree");
        assertThat(whole.exitCode()).as("the whole file does not fit this heap").isNotZero();
        assertThat(whole.output()).contains("OutOfMemoryError");
    }

    /** Conversations of a user and an assistant taking turns, each tree with a system root and a regenerated reply. */
    private static void writeChatGptExport(Path file) throws IOException {
        try (JsonGenerator json = new ObjectMapper().createGenerator(Files.newOutputStream(file), JsonEncoding.UTF8)) {
            json.writeStartArray();
            for (int c = 0; c < CONVERSATIONS; c++) {
                json.writeStartObject();
                json.writeStringField("title", "Conversation " + c);
                json.writeNumberField("create_time", 1_700_000_000.5 + c);
                json.writeObjectFieldStart("mapping");
                node(json, "root", null, "system", "", 0);
                String parent = "root";
                for (int m = 1; m <= MESSAGES; m++) {
                    if (m == 2) {
                        node(json, "abandoned", parent, "assistant", "regenerated", m);
                    }
                    node(json, "n" + m, parent, m % 2 == 1 ? "user" : "assistant", TEXT, m);
                    parent = "n" + m;
                }
                json.writeEndObject();
                json.writeStringField("current_node", parent);
                json.writeStringField("conversation_id", "conversation-" + c);
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    private static void node(JsonGenerator json, String id, String parent, String role, String text, int at)
            throws IOException {
        json.writeObjectFieldStart(id);
        json.writeStringField("id", id);
        json.writeStringField("parent", parent);
        json.writeObjectFieldStart("message");
        json.writeObjectFieldStart("author");
        json.writeStringField("role", role);
        json.writeEndObject();
        json.writeNumberField("create_time", 1_700_000_000 + at);
        json.writeObjectFieldStart("content");
        json.writeStringField("content_type", "text");
        json.writeArrayFieldStart("parts");
        json.writeString(text);
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
    }

    private record Child(int exitCode, String output) {}

    private static Child run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                ImportFileUnderHeapLimit.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Child(process.exitValue(), output);
    }
}
