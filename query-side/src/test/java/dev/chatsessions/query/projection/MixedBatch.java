package dev.chatsessions.query.projection;

import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.ReplyDetails;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionForked;
import dev.chatsessions.api.SessionRenamed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;

/**
 * A processor's batch of events of mixed types, in an order that batched writes must keep: two projects; in the
 * first, two sessions whose messages interleave, one of them deleted at the end; a session of the second project
 * created halfway, between messages of the others, and posted to from then on. The events cross a UTC midnight, and
 * the messages vary in role, status and reply details. At the end the first session is forked at its third message
 * (the fork's creation and its copies of the three messages), and then the second session is deleted.
 */
public final class MixedBatch {

    public static final Instant START = Instant.parse("2025-10-12T22:00:00.123456Z");
    public static final int MESSAGES = 60;
    private static final Duration STEP = Duration.ofSeconds(90);

    public final UUID project = UUID.randomUUID();
    public final UUID otherProject = UUID.randomUUID();
    public final UUID kept = UUID.randomUUID();
    public final UUID deleted = UUID.randomUUID();
    public final UUID late = UUID.randomUUID();
    public final UUID fork = UUID.randomUUID();
    public static final int FORKED_UP_TO = 3;
    private final List<EventMessage<?>> events = new ArrayList<>();

    public MixedBatch() {
        add(new ProjectCreated(project, "alice", "Shop", null));
        add(new ProjectCreated(otherProject, "bob", "Blog", "about the blog"));
        add(new SessionCreated(kept, project, "alice", "New Chat"));
        add(new SessionCreated(deleted, project, "alice", "New Chat"));
        for (int seq = 1; seq <= MESSAGES; seq++) {
            add(message(kept, seq));
            add(message(deleted, seq));
            if (seq == 1) {
                add(new SessionRenamed(kept, "First question", true));
            }
            if (seq == MESSAGES / 3) {
                add(new SessionCreated(late, otherProject, "bob", "New Chat"));
            }
            if (seq > MESSAGES / 3) {
                add(message(late, seq - MESSAGES / 3));
            }
        }
        add(new SessionForked(fork, project, "alice", "First question (fork)", kept, FORKED_UP_TO));
        for (int seq = 1; seq <= FORKED_UP_TO; seq++) {
            MessagePosted source = message(kept, seq);
            add(new MessagePosted(
                    fork, UUID.randomUUID(), seq, source.role(), source.content(), source.status(), null));
        }
        add(new SessionDeleted(deleted, project));
    }

    public List<EventMessage<?>> events() {
        return events;
    }

    /** The events with a payload of the given type, in order. */
    @SuppressWarnings("unchecked")
    public <T> List<EventMessage<T>> of(Class<T> type) {
        return events.stream()
                .filter(event -> type.isInstance(event.getPayload()))
                .map(event -> (EventMessage<T>) event)
                .toList();
    }

    private void add(Object payload) {
        events.add(new GenericEventMessage<>(
                UUID.randomUUID().toString(),
                payload,
                MetaData.emptyInstance(),
                START.plus(STEP.multipliedBy(events.size()))));
    }

    /** Odd messages are the user's; replies complete, fail or stop in turn, some of their details unknown. */
    private static MessagePosted message(UUID session, long seq) {
        if (seq % 2 == 1) {
            return new MessagePosted(
                    session, UUID.randomUUID(), seq, Role.USER, "question " + seq, MessageStatus.COMPLETE, null);
        }
        MessageStatus status = MessageStatus.values()[(int) (seq / 2 % 3)];
        var reply = new ReplyDetails(
                "model",
                status == MessageStatus.COMPLETE ? "STOP" : null,
                seq % 8 == 0 ? null : 100 + (int) seq,
                (int) seq,
                seq % 8 == 0 ? null : 100 + 2 * (int) seq,
                seq % 6 == 0 ? null : 200 + seq,
                status == MessageStatus.FAILED ? null : 900 + seq,
                status == MessageStatus.FAILED ? "model unavailable" : null);
        return new MessagePosted(session, UUID.randomUUID(), seq, Role.ASSISTANT, "answer " + seq, status, reply);
    }
}
