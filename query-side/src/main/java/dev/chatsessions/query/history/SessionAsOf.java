package dev.chatsessions.query.history;

import dev.chatsessions.api.Feedback;
import dev.chatsessions.api.FeedbackCleared;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.SessionArchived;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionImported;
import dev.chatsessions.api.SessionPinned;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.SessionStart;
import dev.chatsessions.api.SessionUnarchived;
import dev.chatsessions.api.SessionUnpinned;
import dev.chatsessions.api.SessionView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;

/** A session folded from its events in memory, the way the sessions and messages projections fold them. */
record SessionAsOf(SessionView session, List<MessageView> messages) {

    /** Empty when the session did not exist yet, or no longer existed, at the end of the events given. */
    static Optional<SessionAsOf> replay(Stream<? extends DomainEventMessage<?>> events) {
        SessionView session = null;
        List<MessageView> messages = new ArrayList<>();
        List<Instant> originalTimes = List.of();
        for (var iterator = events.iterator(); iterator.hasNext(); ) {
            DomainEventMessage<?> event = iterator.next();
            Instant at = event.getTimestamp().truncatedTo(ChronoUnit.MILLIS);
            Object payload = event.getPayload();
            if (payload instanceof SessionStart created) {
                Instant original = null;
                if (created instanceof SessionImported imported) {
                    original = imported.originalCreatedAt();
                    originalTimes = imported.messagesOriginalCreatedAt();
                }
                session = new SessionView(
                        created.sessionId(), created.projectId(), created.name(), at, at, 0, null, original);
            } else if (payload instanceof SessionRenamed renamed && session != null) {
                session = new SessionView(
                        session.id(),
                        session.projectId(),
                        renamed.name(),
                        session.createdAt(),
                        latest(session.updatedAt(), at),
                        session.messageCount(),
                        session.lastMessageAt(),
                        session.originalCreatedAt(),
                        session.pinned(),
                        session.archived());
            } else if (payload instanceof MessagePosted posted && session != null) {
                Instant original =
                        posted.seq() <= originalTimes.size() ? originalTimes.get((int) posted.seq() - 1) : null;
                messages.add(new MessageView(
                        posted.messageId(),
                        posted.sessionId(),
                        posted.seq(),
                        posted.role(),
                        posted.content(),
                        posted.status(),
                        at,
                        original));
                session = new SessionView(
                        session.id(),
                        session.projectId(),
                        session.name(),
                        session.createdAt(),
                        latest(session.updatedAt(), at),
                        posted.seq(),
                        at,
                        session.originalCreatedAt(),
                        session.pinned(),
                        session.archived());
            } else if (payload instanceof FeedbackGiven given) {
                withFeedback(messages, given.messageId(), new Feedback(given.rating(), given.comment()));
            } else if (payload instanceof FeedbackCleared cleared) {
                withFeedback(messages, cleared.messageId(), null);
            } else if (payload instanceof SessionPinned && session != null) {
                session = flags(session, true, session.archived());
            } else if (payload instanceof SessionUnpinned && session != null) {
                session = flags(session, false, session.archived());
            } else if (payload instanceof SessionArchived && session != null) {
                session = flags(session, session.pinned(), true);
            } else if (payload instanceof SessionUnarchived && session != null) {
                session = flags(session, session.pinned(), false);
            } else if (payload instanceof SessionDeleted) {
                return Optional.empty();
            }
        }
        return session == null ? Optional.empty() : Optional.of(new SessionAsOf(session, List.copyOf(messages)));
    }

    private static void withFeedback(List<MessageView> messages, java.util.UUID messageId, Feedback feedback) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            MessageView m = messages.get(i);
            if (m.id().equals(messageId)) {
                messages.set(
                        i,
                        new MessageView(
                                m.id(),
                                m.chatSessionId(),
                                m.seq(),
                                m.role(),
                                m.content(),
                                m.status(),
                                m.createdAt(),
                                m.originalCreatedAt(),
                                feedback));
                return;
            }
        }
    }

    private static SessionView flags(SessionView s, boolean pinned, boolean archived) {
        return new SessionView(
                s.id(),
                s.projectId(),
                s.name(),
                s.createdAt(),
                s.updatedAt(),
                s.messageCount(),
                s.lastMessageAt(),
                s.originalCreatedAt(),
                pinned,
                archived);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
