package dev.chatsessions.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table on stdout and results.json, with each target met or missed. */
final class Report {

    private final Map<String, Object> machine;
    private final Map<String, Result> results;
    private final Map<String, Object> figures;
    private final Map<String, Double> ratios = new LinkedHashMap<>();
    private final List<String[]> targets = new ArrayList<>();

    Report(Map<String, Object> machine, Map<String, Result> results, Map<String, Object> figures) {
        this.machine = machine;
        this.results = results;
        this.figures = figures;
        ratios.put("post_vs_ceiling", ratio(throughput("post"), throughput("ceiling")));
        ratios.put("post_vs_jpa_crud", ratio(throughput("post"), throughput("jpa-crud")));
        ratios.put("post_p99_vs_ceiling_p99", ratio(p("post", 99), p("ceiling", 99)));
        ratios.put("long_10000_vs_10", ratio(p("long-10000", 50), p("long-10", 50)));
        ratios.put(
                "spring_ai_memory_10000_vs_10", ratio(p("spring-ai-memory-10000", 50), p("spring-ai-memory-10", 50)));
        ratios.put("nodes_2_vs_1_post", ratio(throughput("nodes-2-post"), throughput("nodes-1-post")));
        // issue 17's targets
        target("post throughput >= 0.3x ceiling", ratios.get("post_vs_ceiling"), ">=", 0.3, "x");
        target("post throughput >= 1.0x jpa-crud", ratios.get("post_vs_jpa_crud"), ">=", 1.0, "x");
        target("post p99 <= 3x ceiling p99", ratios.get("post_p99_vs_ceiling_p99"), "<=", 3.0, "x");
        target("read-your-writes lag p99 <= 20 ms", p("lag", 99), "<=", 20, " ms");
        target("append at 10,000 <= 1.2x at 10 (p50)", ratios.get("long_10000_vs_10"), "<=", 1.2, "x");
        target("replay >= 20,000 events/s", number("replay_events_per_s"), ">=", 20_000, " ev/s");
        target("cold start (fresh data dir) <= 8 s", number("cold_start_fresh_s"), "<=", 8, " s");
        target("JVM RSS during post <= 512 MB", extra("post", "jvm_rss_mb"), "<=", 512, " MB");
        target("stream: first text added p99 <= 10 ms", number("stream_first_text_added_p99_ms"), "<=", 10, " ms");
        target("stream: each chunk added p99 <= 10 ms", number("stream_chunk_added_p99_ms"), "<=", 10, " ms");
        target("stream: errors = 0", errors("stream-first-text"), "<=", 0, "");
        target("streams-1000: incomplete replies = 0", errors("streams-1000"), "<=", 0, "");
        target("streams-1000: JVM RSS <= 1 GB", extra("streams-1000", "jvm_rss_mb"), "<=", 1024, " MB");
    }

    private double throughput(String name) {
        Result r = results.get(name);
        return r == null ? Double.NaN : r.throughputPerSecond();
    }

    private double p(String name, double percentile) {
        Result r = results.get(name);
        return r == null ? Double.NaN : r.percentileMillis(percentile);
    }

    private double errors(String name) {
        Result r = results.get(name);
        return r == null ? Double.NaN : r.errors();
    }

    private double extra(String name, String key) {
        Result r = results.get(name);
        return r == null || !(r.extra().get(key) instanceof Number n) ? Double.NaN : n.doubleValue();
    }

    private double number(String key) {
        return figures.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double ratio(double a, double b) {
        return Bench.round(a / b);
    }

    private void target(String what, double value, String op, double limit, String unit) {
        String verdict = Double.isNaN(value)
                ? "not measured"
                : (op.equals(">=") ? value >= limit : value <= limit) ? "met" : "MISSED";
        targets.add(new String[] {what, Double.isNaN(value) ? "-" : fmt(value) + unit, verdict});
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
    }

    Report print(PrintStream out) {
        out.println();
        out.printf(
                "%-24s %7s %10s %9s %9s %9s %9s %7s%n",
                "workload", "clients", "ops/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors");
        for (Result r : results.values()) {
            out.printf(
                    "%-24s %7d %10.0f %9.2f %9.2f %9.2f %9.2f %7d%n",
                    r.name(),
                    r.clients(),
                    r.throughputPerSecond(),
                    r.percentileMillis(50),
                    r.percentileMillis(95),
                    r.percentileMillis(99),
                    r.maxMillis(),
                    r.errors());
        }
        out.println();
        figures.forEach((k, v) -> out.printf("%-32s %s%n", k, v));
        Result post = results.get("post");
        if (post != null) {
            out.printf(
                    "%-32s %s MB (postgres: RSS sum %s MB, PSS %s MB)%n",
                    "JVM RSS during post",
                    post.extra().get("jvm_rss_mb"),
                    post.extra().get("postgres_rss_sum_mb"),
                    post.extra().get("postgres_pss_mb"));
        }
        ratios.forEach((k, v) -> out.printf("%-32s %s%n", k, v));
        out.println();
        out.printf("%-42s %14s  %s%n", "target", "measured", "verdict");
        for (String[] t : targets) {
            out.printf("%-42s %14s  %s%n", t[0], t[1], t[2]);
        }
        return this;
    }

    /** JSON has no NaN: an unmeasured figure is null. */
    private static void num(ObjectNode node, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, Bench.round(value));
        }
    }

    void write(Path file) throws IOException {
        var json = Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.set("machine", json.valueToTree(machine));
        ObjectNode workloads = root.putObject("workloads");
        for (Result r : results.values()) {
            ObjectNode w = workloads.putObject(r.name());
            num(w, "throughput_per_s", r.throughputPerSecond());
            num(w, "p50_ms", r.percentileMillis(50));
            num(w, "p95_ms", r.percentileMillis(95));
            num(w, "p99_ms", r.percentileMillis(99));
            num(w, "max_ms", r.maxMillis());
            w.put("clients", r.clients());
            w.put("ops", r.count());
            w.put("errors", r.errors());
            w.put("seconds", Bench.round(r.seconds()));
            r.extra().forEach((k, v) -> w.set(k, json.valueToTree(v)));
        }
        ObjectNode ratioNode = root.putObject("ratios");
        ratios.forEach((k, v) -> num(ratioNode, k, v));
        root.set("replay_events_per_s", json.valueToTree(figures.get("replay_events_per_s")));
        root.set("cold_start_s", json.valueToTree(figures.get("cold_start_fresh_s")));
        root.set("cold_start_existing_s", json.valueToTree(figures.get("cold_start_existing_s")));
        Result post = results.get("post");
        root.set("rss_mb", json.valueToTree(post == null ? null : post.extra().get("jvm_rss_mb")));
        root.set(
                "postgres_pss_mb",
                json.valueToTree(post == null ? null : post.extra().get("postgres_pss_mb")));
        root.set("figures", json.valueToTree(figures));
        ObjectNode verdicts = root.putObject("targets");
        for (String[] t : targets) {
            verdicts.putObject(t[0]).put("measured", t[1]).put("verdict", t[2]);
        }
        Files.createDirectories(file.getParent());
        json.writeValue(file.toFile(), root);
    }
}
