package dev.chatsessions.query.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.FindProject;
import dev.chatsessions.api.FindProjects;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.ProjectPage;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.query.projection.ReadModelDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectProjectionIntegrationTest {

    private static final Instant T0 = Instant.parse("2025-10-12T15:30:00.123456Z");

    private static final ReadModelDatabase db = ReadModelDatabase.shared();
    private ProjectProjection projection;

    @BeforeEach
    void setUp() {
        db.clear();
        projection = new ProjectProjection(db.jdbc(), db.writes());
    }

    private ProjectView create(String owner, String name, Instant at) {
        UUID id = UUID.randomUUID();
        projection.on(new ProjectCreated(id, owner, name, "about " + name), at);
        return new ProjectView(id, name, "about " + name, at);
    }

    private List<ProjectView> allPages(String owner, int limit) {
        List<ProjectView> seen = new ArrayList<>();
        String cursor = null;
        do {
            ProjectPage page = projection.handle(new FindProjects(owner, limit, cursor));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            seen.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return seen;
    }

    @Test
    void foldsProjectCreatedIntoAProjectOfItsOwner() {
        ProjectView shop = create("alice", "Shop", T0);

        assertThat(projection.handle(new FindProject("alice", shop.id()))).contains(shop);
        assertThat(db.rows("project"))
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("owner_id", "alice"));
    }

    @Test
    void keepsMissingDescriptionNull() {
        UUID id = UUID.randomUUID();
        projection.on(new ProjectCreated(id, "alice", "Shop", null), T0);

        assertThat(projection.handle(new FindProject("alice", id))).contains(new ProjectView(id, "Shop", null, T0));
    }

    @Test
    void foldingTheSameEventTwiceChangesNothing() {
        UUID id = UUID.randomUUID();
        var event = new ProjectCreated(id, "alice", "Shop", "candles");
        projection.on(event, T0);
        var before = db.rows("project");

        projection.on(event, T0);

        assertThat(db.rows("project")).isEqualTo(before);
    }

    @Test
    void hidesProjectsOfOtherUsers() {
        ProjectView shop = create("alice", "Shop", T0);

        assertThat(projection.handle(new FindProject("bob", shop.id()))).isEmpty();
        assertThat(projection.handle(new FindProject("alice", UUID.randomUUID())))
                .isEmpty();
        assertThat(projection.handle(new FindProjects("bob", 50, null)).items()).isEmpty();
    }

    @Test
    void listsNewestFirstAndMarksTheLastPage() {
        ProjectView older = create("alice", "Older", T0);
        ProjectView newer = create("alice", "Newer", T0.plusSeconds(1));
        create("bob", "Bob's", T0.plusSeconds(2));

        ProjectPage page = projection.handle(new FindProjects("alice", 50, null));

        assertThat(page.items()).containsExactly(newer, older);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void pagesWithoutRepeatsOrSkipsWithinOneMillisecond() {
        // Axon stamps events with microseconds: five projects inside one millisecond, two with the same instant
        List<ProjectView> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            created.add(create("alice", "p" + i, T0.plusNanos(i * 100_000L)));
        }
        created.add(create("alice", "twin", T0.plusNanos(300_000L)));
        // ties by id as PostgreSQL orders uuids (unsigned, like their text), not as UUID.compareTo (signed)
        created.sort(Comparator.comparing(ProjectView::createdAt)
                .thenComparing(v -> v.id().toString())
                .reversed());

        assertThat(allPages("alice", 2)).containsExactlyElementsOf(created);
        assertThat(allPages("alice", 1)).containsExactlyElementsOf(created);
    }

    @Test
    void nextCursorIsNullWhenTheLastPageIsExactlyFull() {
        create("alice", "a", T0);
        create("alice", "b", T0.plusMillis(1));
        create("alice", "c", T0.plusMillis(2));
        create("alice", "d", T0.plusMillis(3));

        ProjectPage first = projection.handle(new FindProjects("alice", 2, null));
        ProjectPage second = projection.handle(new FindProjects("alice", 2, first.nextCursor()));

        assertThat(first.nextCursor()).isNotNull();
        assertThat(second.items()).extracting(ProjectView::name).containsExactly("b", "a");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void aProjectAddedBetweenPagesShiftsNothing() {
        create("alice", "a", T0);
        create("alice", "b", T0.plusMillis(1));
        create("alice", "c", T0.plusMillis(2));
        ProjectPage first = projection.handle(new FindProjects("alice", 2, null));

        create("alice", "new", T0.plusMillis(3));
        ProjectPage second = projection.handle(new FindProjects("alice", 2, first.nextCursor()));

        assertThat(first.items()).extracting(ProjectView::name).containsExactly("c", "b");
        assertThat(second.items()).extracting(ProjectView::name).containsExactly("a");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void resetClearsOnlyItsOwnTables() {
        create("alice", "Shop", T0);
        db.jdbc()
                .sql("insert into session_list_project (project_id, owner_id) values (?, 'alice')")
                .param(UUID.randomUUID())
                .update();
        db.jdbc()
                .sql("insert into message_session (session_id, owner_id) values (?, 'alice')")
                .param(UUID.randomUUID())
                .update();
        db.jdbc()
                .sql("insert into token_entry (processor_name, segment) values ('projects', 0)")
                .update();

        projection.reset();

        assertThat(db.rows("project")).isEmpty();
        assertThat(db.rows("session_list_project")).hasSize(1);
        assertThat(db.rows("message_session")).hasSize(1);
        assertThat(db.rows("token_entry")).hasSize(1);
    }
}
