package dev.chatsessions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProjectionCommitsTest {

    private static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);

    private final ProjectionCommits commits = new ProjectionCommits();

    @Test
    void aCommitWakesTheReadsWaitingForThatProjection() throws Exception {
        long seen = commits.seen("messages");
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> await("messages", seen));
        while (!waiting.isDone()) {
            commits.committed("messages");
            Thread.sleep(10);
        }
        waiting.get(30, TimeUnit.SECONDS);
        assertThat(commits.seen("messages")).isGreaterThan(seen);
    }

    @Test
    void aCommitAnnouncedBeforeTheWaitIsNotMissed() throws Exception {
        long seen = commits.seen("sessions");
        commits.committed("sessions");
        CompletableFuture.runAsync(() -> await("sessions", seen)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void anotherProjectionsCommitDoesNotCount() {
        long seen = commits.seen("sessions");
        commits.committed("messages");
        commits.committed("erasure");
        assertThat(commits.seen("sessions")).isEqualTo(seen);
    }

    @Test
    void withoutACommitTheWaitEndsWhenItsTimeIsUp() throws Exception {
        commits.awaitAfter("projects", commits.seen("projects"), TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(commits.seen("projects")).isZero();
    }

    private void await(String projection, long seen) {
        try {
            commits.awaitAfter(projection, seen, AN_HOUR);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
