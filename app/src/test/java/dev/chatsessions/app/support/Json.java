package dev.chatsessions.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reading the contract's JSON in assertions. */
public final class Json {

    /** The order of the sessions dropdown: most recently updated first, ties by id, descending. */
    public static final Comparator<JsonNode> DROPDOWN_ORDER = Comparator.<JsonNode, Instant>comparing(
                    s -> Instant.parse(s.get("updatedAt").asText()))
            .reversed()
            .thenComparing(s -> s.get("id").asText(), Comparator.reverseOrder());

    private Json() {}

    /** The {@code items} of a page. */
    public static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A problem without its {@code instance} (the request's path), to compare problems of different paths. */
    public static JsonNode withoutInstance(JsonNode problem) {
        var copy = problem.deepCopy();
        ((ObjectNode) copy).remove("instance");
        return copy;
    }
}
