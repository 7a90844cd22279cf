package dev.chatsessions.faults;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of each scenario of this run (posts acknowledged, lost, duplicated, seconds to recover…), printed
 * and kept in {@link FaultSettings#FIGURES} (rewritten after every scenario, so a failing one still leaves the
 * others' figures), for RELIABILITY.md to quote.
 */
final class Figures {

    private static final Map<String, Object> scenarios = new TreeMap<>();

    private Figures() {}

    static synchronized void record(String scenario, Map<String, Object> figures) {
        scenarios.put(scenario, figures);
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("writtenAt", Instant.now().toString());
        file.put(
                "machine",
                Map.of(
                        "processors", Runtime.getRuntime().availableProcessors(),
                        "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                        "java", System.getProperty("java.version")));
        file.put("scenarios", scenarios);
        try {
            Files.createDirectories(FaultSettings.FIGURES.getParent());
            String json =
                    Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(file);
            Files.writeString(FaultSettings.FIGURES, json);
            System.out.println("[faults] " + scenario + ": "
                    + Http.JSON
                            .copy()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(figures));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
