package dev.chatsessions.app.http;

import static dev.chatsessions.app.support.Json.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.HttpIntegrationTest;
import dev.chatsessions.app.support.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Cursor pagination: {@code limit} (default 50, at most 200), opaque {@code cursor}, no repeats, no skips. */
class PaginationIntegrationTest extends HttpIntegrationTest {

    @Test
    void pagesProjectsFiftyAtATimeByDefault() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            created.add(api.createProject("P" + i).get("id").asText());
        }
        Collections.reverse(created);

        JsonNode first = api.get("/api/projects").expect(200).json();
        assertThat(first.get("items")).hasSize(50);
        assertThat(first.get("nextCursor").asText()).isNotBlank();
        JsonNode second = api.get(
                        "/api/projects?cursor=" + encode(first.get("nextCursor").asText()))
                .expect(200)
                .json();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("nextCursor").isNull()).isTrue();

        List<String> all = new ArrayList<>(first.get("items").findValuesAsText("id"));
        all.addAll(second.get("items").findValuesAsText("id"));
        assertThat(all).containsExactlyElementsOf(created);
        assertThat(api.get("/api/projects?limit=200")
                        .expect(200)
                        .json()
                        .get("items")
                        .findValuesAsText("id"))
                .containsExactlyElementsOf(created);
        assertThat(api.get("/api/projects?limit=51").json().get("nextCursor").isNull())
                .isTrue();
    }

    @Test
    void pagesSessionsAndMessages() {
        String projectId = api.createProject("P").get("id").asText();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(api.createSession(projectId).get("id").asText());
        }
        String sessionId = sessions.get(0);
        for (int i = 1; i <= 7; i++) {
            api.postMessage(sessionId, "user", "m" + i);
        }

        List<JsonNode> allSessions = pageThrough("/api/projects/" + projectId + "/chat-sessions", 2, page -> {});
        assertThat(allSessions).hasSize(5).isSortedAccordingTo(Json.DROPDOWN_ORDER);
        assertThat(allSessions).extracting(s -> s.get("id").asText()).containsExactlyInAnyOrderElementsOf(sessions);

        List<JsonNode> messages = pageThrough("/api/chat-sessions/" + sessionId + "/messages", 3, page -> {});
        assertThat(messages)
                .extracting(m -> m.get("content").asText())
                .containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7");
    }

    @Test
    void refusesLimitsOutOfRangeAndForeignCursors() {
        JsonNode session = api.newSession();
        List<String> lists = List.of(
                "/api/projects",
                "/api/projects/" + session.get("projectId").asText() + "/chat-sessions",
                "/api/chat-sessions/" + session.get("id").asText() + "/messages");
        for (String list : lists) {
            for (String limit : List.of("0", "201", "-1")) {
                api.get(list + "?limit=" + limit).expectInvalid(list, "limit");
            }
            api.get(list + "?limit=1").expect(200);
            api.get(list + "?limit=200").expect(200);
            for (String cursor : List.of("not-a-cursor", "%25%25%25", "AAAA", "bm9wZQ")) {
                api.get(list + "?cursor=" + cursor).expectInvalid(list, "cursor");
            }
        }
    }

    @Test
    void projectPagesNeitherRepeatNorSkipWhileProjectsAreAdded() {
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            existing.add(api.createProject("Existing " + i).get("id").asText());
        }
        Collections.reverse(existing);

        try (var writer = new Writer(40, n -> api.createProject("Added " + n))) {
            List<JsonNode> paged = pageThrough("/api/projects", 4, page -> writer.awaitProgress());
            // Newest first: what is added after the first page sorts before it, so the pages hold exactly the
            // projects that existed when paging began.
            assertThat(paged).extracting(p -> p.get("id").asText()).containsExactlyElementsOf(existing);
        }
    }

    @Test
    void sessionPagesNeitherRepeatNorSkipWhileSessionsAreAdded() {
        String projectId = api.createProject("P").get("id").asText();
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            existing.add(api.createSession(projectId).get("id").asText());
        }

        try (var writer = new Writer(30, n -> api.createSession(projectId))) {
            List<JsonNode> paged =
                    pageThrough("/api/projects/" + projectId + "/chat-sessions", 3, page -> writer.awaitProgress());
            assertThat(paged)
                    .extracting(s -> s.get("id").asText())
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(existing);
            assertThat(paged).isSortedAccordingTo(Json.DROPDOWN_ORDER);
        }
    }

    @Test
    void messagePagesNeitherRepeatNorSkipWhileMessagesAreAdded() {
        String sessionId = api.newSession().get("id").asText();
        for (int i = 1; i <= 20; i++) {
            api.postMessage(sessionId, "user", "m" + i);
        }
        String path = "/api/chat-sessions/" + sessionId + "/messages";

        List<JsonNode> paged;
        int added;
        try (var writer = new Writer(30, n -> api.postMessage(sessionId, "assistant", "added " + n))) {
            paged = pageThrough(path, 4, page -> writer.awaitProgress());
            writer.close();
            added = writer.added();
        }
        // Oldest first: what is added meanwhile comes after the cursor, so paging on to the end gives every
        // message once, in order, including those added while paging.
        assertThat(added).isPositive();
        assertThat(paged)
                .extracting(m -> m.get("seq").asLong())
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, paged.size()).boxed().toList());
        assertThat(paged.size()).isGreaterThan(20);
        List<JsonNode> all = pageThrough(path, 200, page -> {});
        assertThat(all).hasSize(20 + added);
        assertThat(all.subList(0, paged.size())).isEqualTo(paged);
    }

    /** Follows {@code nextCursor} to the end, calling {@code afterPage} between pages; answers all items. */
    private List<JsonNode> pageThrough(String path, int limit, Consumer<JsonNode> afterPage) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1_000; pages++) {
            String url = path + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode page = api.get(url).expect(200).json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
            all.addAll(items(page));
            if (page.get("nextCursor").isNull()) {
                return all;
            }
            assertThat(page.get("items")).hasSize(limit);
            cursor = page.get("nextCursor").asText();
            afterPage.accept(page);
        }
        throw new AssertionError("no last page after 1000 pages of " + path);
    }

    private static String encode(String cursor) {
        return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    /**
     * Adds up to {@code max} items in the background, starting when the first page has been read;
     * {@link #awaitProgress} (called after each page) waits until it has added another since the last page.
     */
    private static final class Writer implements AutoCloseable {

        private final int max;
        private final Consumer<Integer> add;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger added = new AtomicInteger();
        private CompletableFuture<Void> task;
        private int seen;

        Writer(int max, Consumer<Integer> add) {
            this.max = max;
            this.add = add;
        }

        void awaitProgress() {
            if (task == null) {
                task = CompletableFuture.runAsync(() -> {
                    while (running.get() && added.get() < max) {
                        add.accept(added.get());
                        added.incrementAndGet();
                    }
                });
            }
            int before = seen;
            await().atMost(Duration.ofSeconds(20)).until(() -> added.get() > before || task.isDone());
            assertThat(task).isNotCompletedExceptionally();
            seen = added.get();
        }

        int added() {
            return added.get();
        }

        @Override
        public void close() {
            running.set(false);
            if (task != null) {
                task.join();
            }
        }
    }
}
