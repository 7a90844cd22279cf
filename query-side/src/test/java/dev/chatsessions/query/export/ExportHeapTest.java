package dev.chatsessions.query.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A project of 100,000 messages (over 100 MB of JSON) exports in a JVM whose heap is a fraction of that: the export
 * holds a page at a time, never the project.
 */
class ExportHeapTest {

    @Test
    void exportsAProjectOfAHundredThousandMessagesInASmallHeap() throws Exception {
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx32m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ExportUnderHeapLimit.class.getName(),
                        "50",
                        "2000"))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        Matcher bytes = Pattern.compile("bytes=(\\d+)").matcher(output);
        assertThat(bytes.find()).as(output).isTrue();
        assertThat(Long.parseLong(bytes.group(1)))
                .as("bytes written")
                .isGreaterThan(100_000L * ExportUnderHeapLimit.TEXT.length());
        assertThat(Long.parseLong(bytes.group(1)))
                .as("more than three times the heap")
                .isGreaterThan(3 * 32L * 1024 * 1024);
    }
}
