package dev.chatsessions.query.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.api.FindMessages;
import dev.chatsessions.api.MessagePage;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.query.projection.MixedBatch;
import dev.chatsessions.query.projection.ReadModelDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageProjectionIntegrationTest {

    private static final Instant T0 = Instant.parse("2025-10-12T15:30:00.123456Z");

    private static final ReadModelDatabase db = ReadModelDatabase.shared();
    private MessageProjection projection;
    private final UUID sessionId = UUID.randomUUID();
    private final UUID projectId = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        db.clear();
        projection = new MessageProjection(db.jdbc(), db.writes());
        projection.on(new SessionCreated(sessionId, projectId, "alice", "New Chat"));
    }

    private MessageView post(UUID session, long seq, Role role, MessageStatus status) {
        var event = new MessagePosted(session, UUID.randomUUID(), seq, role, "text " + seq, status, null);
        Instant at = T0.plusMillis(seq);
        projection.on(event, at);
        return new MessageView(event.messageId(), session, seq, role, event.content(), status, at);
    }

    private MessagePage page(int limit, String cursor) {
        return projection
                .handle(new FindMessages("alice", sessionId, limit, cursor, false))
                .orElseThrow();
    }

    private List<MessageView> allPages(int limit) {
        List<MessageView> seen = new ArrayList<>();
        String cursor = null;
        do {
            MessagePage page = page(limit, cursor);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            seen.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return seen;
    }

    @Test
    void foldsMessagePostedIntoAMessageOfItsSession() {
        MessageView user = post(sessionId, 1, Role.USER, MessageStatus.COMPLETE);
        MessageView stopped = post(sessionId, 2, Role.ASSISTANT, MessageStatus.STOPPED);

        MessagePage page = page(50, null);

        assertThat(page.items()).containsExactly(user, stopped);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void listsAFreshSessionAsAnEmptyLastPage() {
        MessagePage page = page(50, null);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void foldingTheSameEventsTwiceChangesNothing() {
        var created = new SessionCreated(sessionId, projectId, "alice", "New Chat");
        var posted =
                new MessagePosted(sessionId, UUID.randomUUID(), 1, Role.USER, "hello", MessageStatus.COMPLETE, null);
        projection.on(posted, T0);
        var messages = db.rows("chat_message");
        var sessions = db.rows("message_session");

        projection.on(created);
        projection.on(posted, T0);

        assertThat(db.rows("chat_message")).isEqualTo(messages).hasSize(1);
        assertThat(db.rows("message_session")).isEqualTo(sessions).hasSize(1);
    }

    @Test
    void sessionDeletedRemovesTheSessionsMessagesOnly() {
        UUID otherSession = UUID.randomUUID();
        projection.on(new SessionCreated(otherSession, projectId, "alice", "Other"));
        post(sessionId, 1, Role.USER, MessageStatus.COMPLETE);
        post(sessionId, 2, Role.ASSISTANT, MessageStatus.COMPLETE);
        MessageView kept = post(otherSession, 1, Role.USER, MessageStatus.COMPLETE);

        projection.on(new SessionDeleted(sessionId, projectId));

        assertThat(projection.handle(new FindMessages("alice", sessionId, 50, null, false)))
                .isEmpty();
        assertThat(db.jdbc()
                        .sql("select count(*) from chat_message where session_id = ?")
                        .param(sessionId)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(projection
                        .handle(new FindMessages("alice", otherSession, 50, null, false))
                        .orElseThrow()
                        .items())
                .containsExactly(kept);
    }

    @Test
    void foldingSessionDeletedTwiceChangesNothing() {
        post(sessionId, 1, Role.USER, MessageStatus.COMPLETE);
        projection.on(new SessionDeleted(sessionId, projectId));

        projection.on(new SessionDeleted(sessionId, projectId));

        assertThat(db.rows("chat_message")).isEmpty();
        assertThat(db.rows("message_session")).isEmpty();
    }

    @Test
    void hidesMessagesOfOtherUsers() {
        post(sessionId, 1, Role.USER, MessageStatus.COMPLETE);

        assertThat(projection.handle(new FindMessages("bob", sessionId, 50, null, false)))
                .isEmpty();
        assertThat(projection.handle(new FindMessages("alice", UUID.randomUUID(), 50, null, false)))
                .isEmpty();
    }

    @Test
    void pagesOldestFirstWithoutRepeatsOrSkips() {
        List<MessageView> posted = new ArrayList<>();
        for (long seq = 1; seq <= 7; seq++) {
            posted.add(post(sessionId, seq, seq % 2 == 1 ? Role.USER : Role.ASSISTANT, MessageStatus.COMPLETE));
        }

        assertThat(allPages(1)).containsExactlyElementsOf(posted);
        assertThat(allPages(3)).containsExactlyElementsOf(posted);
        assertThat(allPages(7)).containsExactlyElementsOf(posted);
    }

    @Test
    void nextCursorIsNullWhenTheLastPageIsExactlyFull() {
        post(sessionId, 1, Role.USER, MessageStatus.COMPLETE);
        post(sessionId, 2, Role.ASSISTANT, MessageStatus.COMPLETE);
        post(sessionId, 3, Role.USER, MessageStatus.COMPLETE);
        post(sessionId, 4, Role.ASSISTANT, MessageStatus.COMPLETE);

        MessagePage first = page(2, null);
        MessagePage second = page(2, first.nextCursor());

        assertThat(first.nextCursor()).isNotNull();
        assertThat(second.items()).extracting(MessageView::seq).containsExactly(3L, 4L);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void aMessagePostedBetweenPagesComesAtTheEnd() {
        post(sessionId, 1, Role.USER, MessageStatus.COMPLETE);
        post(sessionId, 2, Role.ASSISTANT, MessageStatus.COMPLETE);
        post(sessionId, 3, Role.USER, MessageStatus.COMPLETE);
        MessagePage first = page(2, null);

        post(sessionId, 4, Role.ASSISTANT, MessageStatus.FAILED);
        MessagePage second = page(2, first.nextCursor());

        assertThat(first.items()).extracting(MessageView::seq).containsExactly(1L, 2L);
        assertThat(second.items()).extracting(MessageView::seq).containsExactly(3L, 4L);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void foldsAMixedBatchInOneUnitOfWorkAsItFoldsItEventByEvent() throws Throwable {
        var batch = new MixedBatch();

        db.assertOneBatchFoldsAsEventByEvent(batch.events(), projection, "chat_message", "message_session");

        assertThat(projection
                        .handle(new FindMessages("alice", batch.kept, 1000, null, false))
                        .orElseThrow()
                        .items())
                .isNotEmpty()
                .containsExactlyElementsOf(postedTo(batch, batch.kept));
        assertThat(projection
                        .handle(new FindMessages("bob", batch.late, 1000, null, false))
                        .orElseThrow()
                        .items())
                .isNotEmpty()
                .containsExactlyElementsOf(postedTo(batch, batch.late));
        assertThat(projection
                        .handle(new FindMessages("alice", batch.fork, 1000, null, false))
                        .orElseThrow()
                        .items())
                .hasSize(MixedBatch.FORKED_UP_TO)
                .containsExactlyElementsOf(postedTo(batch, batch.fork));
        assertThat(projection.handle(new FindMessages("alice", batch.deleted, 1000, null, false)))
                .isEmpty();
        assertThat(db.jdbc()
                        .sql("select count(*) from chat_message where session_id = ?")
                        .param(batch.deleted)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private static List<MessageView> postedTo(MixedBatch batch, UUID session) {
        return batch.of(MessagePosted.class).stream()
                .filter(e -> e.getPayload().sessionId().equals(session))
                .map(e -> {
                    MessagePosted m = e.getPayload();
                    return new MessageView(
                            m.messageId(), session, m.seq(), m.role(), m.content(), m.status(), e.getTimestamp());
                })
                .toList();
    }

    @Test
    void resetClearsOnlyItsOwnTables() {
        post(sessionId, 1, Role.USER, MessageStatus.COMPLETE);
        db.jdbc()
                .sql("insert into session_list_project (project_id, owner_id) values (?, 'alice')")
                .param(projectId)
                .update();
        db.jdbc().sql("""
                          insert into chat_session (id, project_id, owner_id, name, created_at, updated_at)
                          values (?, ?, 'alice', 'New Chat', now(), now())""").params(sessionId, projectId).update();
        db.jdbc()
                .sql("insert into token_entry (processor_name, segment) values ('messages', 0)")
                .update();

        projection.reset();

        assertThat(db.rows("chat_message")).isEmpty();
        assertThat(db.rows("message_session")).isEmpty();
        assertThat(db.rows("session_list_project")).hasSize(1);
        assertThat(db.rows("chat_session")).hasSize(1);
        assertThat(db.rows("token_entry")).hasSize(1);
    }
}
