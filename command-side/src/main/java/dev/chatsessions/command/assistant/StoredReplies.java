package dev.chatsessions.command.assistant;

import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.PostedMessage;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.eventstore.DaemonThreads;
import dev.chatsessions.eventstore.NodeNotifications;
import jakarta.annotation.PreDestroy;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Serves replies that another node generates, from the text it stores ({@code reply_chunk}): each follower reads on
 * from its position whenever that node says the text grew or the reply was saved (a notification), and every
 * {@code chat.assistant.follow-poll-interval} whatever it says; it ends with the saved message, read from the
 * session's events, once the reply is saved. One thread does all the reading, so a follower is never read twice at
 * once; what it reads goes to the follower's own writer ({@link SseReplyListener}).
 */
@Component
class StoredReplies {

    static final String TEXT_CHANNEL = "chat_reply_text";
    private static final Logger log = LoggerFactory.getLogger(StoredReplies.class);

    private final ReplyProgress progress;
    private final EventStore eventStore;
    private final Set<Follower> followers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reader =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stored-reply-reader-"));

    StoredReplies(
            ReplyProgress progress,
            EventStore eventStore,
            NodeNotifications notifications,
            AssistantProperties properties) {
        this.progress = progress;
        this.eventStore = eventStore;
        notifications.subscribe(TEXT_CHANNEL, replyId -> wake(() -> advance(UUID.fromString(replyId))));
        long poll = properties.followPollInterval().toMillis();
        reader.scheduleWithFixedDelay(() -> followers.forEach(this::advance), poll, poll, TimeUnit.MILLISECONDS);
    }

    /** The reply, generated elsewhere. */
    ReplySource source(ReplyRef reply) {
        return new ReplySource() {
            @Override
            public void subscribe(ReplyListener listener, int position) {
                var follower = new Follower(reply, listener);
                follower.position = position;
                followers.add(follower);
                wake(() -> advance(follower));
            }

            @Override
            public void unsubscribe(ReplyListener listener) {
                followers.removeIf(follower -> follower.listener == listener);
            }
        };
    }

    private void wake(Runnable reading) {
        try {
            reader.execute(reading);
        } catch (RejectedExecutionException e) {
            // shutting down: the followers' responses end with the server
        }
    }

    private void advance(UUID replyId) {
        followers.stream()
                .filter(follower -> follower.reply.replyId().equals(replyId))
                .forEach(this::advance);
    }

    private void advance(Follower follower) {
        if (!followers.contains(follower)) {
            return;
        }
        try {
            String added = progress.textFrom(follower.reply.replyId(), follower.position);
            if (!added.isEmpty() && !send(follower, added)) {
                return;
            }
            if (!progress.isRunning(follower.reply.replyId())) {
                followers.remove(follower);
                finish(follower);
            }
        } catch (RuntimeException e) {
            log.warn("Could not read reply {}; trying again", follower.reply.replyId(), e);
        }
    }

    private boolean send(Follower follower, String text) {
        follower.position += text.length();
        if (!follower.listener.delta(text, follower.position)) {
            followers.remove(follower);
            return false;
        }
        return true;
    }

    /** The rest of the saved text, then the saved message and, when it did not end well, why. */
    private void finish(Follower follower) {
        Optional<SavedReply> saved = savedReply(follower.reply);
        if (saved.isEmpty()) {
            follower.listener.finished(new ReplyOutcome(
                    null,
                    new ReplyFailure(
                            follower.reply,
                            ReplyFailure.Kind.SESSION_GONE,
                            "The session is gone; the reply was not saved")));
            return;
        }
        MessageView message = saved.get().message();
        if (message.content().length() > follower.position
                && !send(follower, message.content().substring(follower.position))) {
            return;
        }
        ReplyFailure error = message.status() == MessageStatus.FAILED
                ? new ReplyFailure(
                        follower.reply,
                        ReplyFailure.Kind.MODEL_FAILED,
                        saved.get().error())
                : null;
        follower.listener.finished(new ReplyOutcome(new PostedMessage(message, null), error));
    }

    private Optional<SavedReply> savedReply(ReplyRef reply) {
        UUID sessionId = reply.sessionId();
        UUID replyId = reply.replyId();
        SavedReply found = null;
        // from sequence 0, past any snapshot: the snapshot holds no message bodies
        for (DomainEventMessage<?> event :
                eventStore.readEvents(sessionId.toString(), 0).asStream().toList()) {
            if (event.getPayload() instanceof MessagePosted posted
                    && posted.messageId().equals(replyId)
                    && posted.content() != null) {
                var message = new MessageView(
                        replyId,
                        sessionId,
                        posted.seq(),
                        posted.role(),
                        posted.content(),
                        posted.status(),
                        event.getTimestamp());
                found = new SavedReply(
                        message,
                        posted.reply() != null && posted.reply().error() != null
                                ? posted.reply().error()
                                : "The reply failed");
            } else if (event.getPayload() instanceof SessionDeleted) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(found);
    }

    /** {@code error}: why it failed, if it did. */
    private record SavedReply(MessageView message, String error) {}

    @PreDestroy
    void stop() {
        reader.shutdownNow();
    }

    /** One client following a reply; {@code position} is touched by the reader thread only. */
    private static final class Follower {
        final ReplyRef reply;
        final ReplyListener listener;
        int position;

        Follower(ReplyRef reply, ReplyListener listener) {
            this.reply = reply;
            this.listener = listener;
        }
    }
}
