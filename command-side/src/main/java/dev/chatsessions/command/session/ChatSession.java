package dev.chatsessions.command.session;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.chatsessions.api.AskAssistant;
import dev.chatsessions.api.AskedAssistant;
import dev.chatsessions.api.ChangeSession;
import dev.chatsessions.api.ClearFeedback;
import dev.chatsessions.api.DeleteSession;
import dev.chatsessions.api.Feedback;
import dev.chatsessions.api.FeedbackCleared;
import dev.chatsessions.api.FeedbackGiven;
import dev.chatsessions.api.FinishReply;
import dev.chatsessions.api.FollowReply;
import dev.chatsessions.api.GiveFeedback;
import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.MessageStatus;
import dev.chatsessions.api.MessageView;
import dev.chatsessions.api.PostMessage;
import dev.chatsessions.api.PostedMessage;
import dev.chatsessions.api.RenameSession;
import dev.chatsessions.api.ReplyStarted;
import dev.chatsessions.api.Role;
import dev.chatsessions.api.SessionArchived;
import dev.chatsessions.api.SessionCreated;
import dev.chatsessions.api.SessionDeleted;
import dev.chatsessions.api.SessionPinned;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.SessionUnarchived;
import dev.chatsessions.api.SessionUnpinned;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.api.StopReply;
import dev.chatsessions.command.Names;
import dev.chatsessions.command.NoReplyRunning;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ReplyInProgress;
import dev.chatsessions.command.ResourceNotFound;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY;
import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * Decides what happens to one chat session. It keeps only what its decisions and its answers need, never
 * message bodies, so that its snapshot stays small however long the conversation grows.
 */
@Aggregate(snapshotTriggerDefinition = "chatSessionSnapshotTrigger", cache = "chatSessionCache")
@JsonAutoDetect(fieldVisibility = ANY, getterVisibility = NONE, isGetterVisibility = NONE)
public class ChatSession {

    public static final String DEFAULT_NAME = "New Chat";
    public static final int MAX_FEEDBACK_COMMENT = 1000;

    @AggregateIdentifier
    private UUID sessionId;
    private UUID projectId;
    private String ownerId;
    private String name;
    /** True while the session carries the default name it was created with and was never renamed. */
    private boolean autoNameable;
    private long messageCount;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant lastMessageAt;
    /** The reply being generated, which becomes that message when it ends; null when none is running. */
    private UUID replyInProgress;
    private boolean pinned;
    private boolean archived;

    ChatSession() {
    }

    public ChatSession(UUID sessionId, UUID projectId, String ownerId, String requestedName) {
        String name = requestedName == null || requestedName.isBlank()
                ? DEFAULT_NAME
                : Names.require("name", requestedName);
        apply(new SessionCreated(sessionId, projectId, ownerId, name));
    }

    @CommandHandler
    SessionView handle(RenameSession command) {
        requireOwner(command.userId());
        apply(new SessionRenamed(sessionId, Names.require("name", command.name()), false));
        return view();
    }

    /**
     * Any of name, pinned and archived, all checked before any is applied. A flag already as asked records nothing;
     * a name is recorded as a rename even when unchanged, as {@link RenameSession} does.
     */
    @CommandHandler
    SessionView handle(ChangeSession command) {
        requireOwner(command.userId());
        if (command.name() == null && command.pinned() == null && command.archived() == null) {
            throw new RejectedInput("name", "or pinned or archived is required");
        }
        String newName = command.name() == null ? null : Names.require("name", command.name());
        if (newName != null) {
            apply(new SessionRenamed(sessionId, newName, false));
        }
        if (command.pinned() != null && command.pinned() != pinned) {
            apply(command.pinned() ? new SessionPinned(sessionId) : new SessionUnpinned(sessionId));
        }
        if (command.archived() != null && command.archived() != archived) {
            apply(command.archived() ? new SessionArchived(sessionId) : new SessionUnarchived(sessionId));
        }
        return view();
    }

    /**
     * Feedback on one of the session's assistant messages, replacing any before. Which messages those are is looked
     * up in {@link PostedMessages} rather than kept here, so that the state stays the same size however long the
     * conversation grows.
     */
    @CommandHandler
    Feedback handle(GiveFeedback command, PostedMessages messages) {
        requireOwner(command.userId());
        requireAssistantMessage(command.messageId(), messages);
        if (command.rating() == null) {
            throw new RejectedInput("rating", "must be \"up\" or \"down\"");
        }
        String comment = command.comment() == null || command.comment().isBlank() ? null : command.comment().strip();
        if (comment != null && comment.length() > MAX_FEEDBACK_COMMENT) {
            throw new RejectedInput("comment", "must be at most " + MAX_FEEDBACK_COMMENT + " characters");
        }
        apply(new FeedbackGiven(sessionId, command.messageId(), command.rating(), comment));
        return new Feedback(command.rating(), comment);
    }

    /** Removes the feedback on an assistant message; recorded also when there was none, so that it is idempotent. */
    @CommandHandler
    void handle(ClearFeedback command, PostedMessages messages) {
        requireOwner(command.userId());
        requireAssistantMessage(command.messageId(), messages);
        apply(new FeedbackCleared(sessionId, command.messageId()));
    }

    private void requireAssistantMessage(UUID messageId, PostedMessages messages) {
        Role role = messages.roleOf(sessionId, messageId).orElseThrow(() -> new ResourceNotFound(messageId));
        if (role != Role.ASSISTANT) {
            throw new RejectedInput("messageId", "is not an assistant message: feedback is for assistant messages");
        }
    }

    @CommandHandler
    PostedMessage handle(PostMessage command) {
        requireOwner(command.userId());
        if (command.role() == null) {
            throw new RejectedInput("role", "must be \"user\" or \"assistant\"");
        }
        requireContent(command.content());
        MessageView message = post(command.messageId(), command.role(), command.content());
        return new PostedMessage(message, view());
    }

    /** The user's message and the start of the reply to it, atomically; refused while another reply runs. */
    @CommandHandler
    AskedAssistant handle(AskAssistant command) {
        requireOwner(command.userId());
        requireContent(command.content());
        if (replyInProgress != null) {
            throw new ReplyInProgress();
        }
        boolean renames = autoNameable;
        MessageView message = post(command.messageId(), Role.USER, command.content());
        apply(new ReplyStarted(sessionId, command.replyId(), command.messageId()));
        return new AskedAssistant(message, view(), renames, command.replyId());
    }

    /** Saves the running reply with how it ended; a finished reply is never saved twice. */
    @CommandHandler
    PostedMessage handle(FinishReply command) {
        if (replyInProgress == null || !replyInProgress.equals(command.replyId())) {
            throw new NoReplyRunning();
        }
        if (command.status() == null) {
            throw new RejectedInput("status", "is required");
        }
        if (command.status() == MessageStatus.COMPLETE) {
            requireContent(command.content());
        }
        String content = command.content() == null ? "" : command.content();
        apply(new MessagePosted(sessionId, command.replyId(), messageCount + 1, Role.ASSISTANT, content,
                                command.status(), command.details()));
        var message = new MessageView(command.replyId(), sessionId, messageCount, Role.ASSISTANT, content,
                                      command.status(), lastMessageAt);
        return new PostedMessage(message, view());
    }

    @CommandHandler
    UUID handle(StopReply command) {
        return runningReply(command.userId());
    }

    @CommandHandler
    UUID handle(FollowReply command) {
        return runningReply(command.userId());
    }

    private UUID runningReply(String userId) {
        requireOwner(userId);
        if (replyInProgress == null) {
            throw new NoReplyRunning();
        }
        return replyInProgress;
    }

    private MessageView post(UUID messageId, Role role, String content) {
        apply(new MessagePosted(sessionId, messageId, messageCount + 1, role, content, MessageStatus.COMPLETE, null));
        if (role == Role.USER && autoNameable) {
            apply(new SessionRenamed(sessionId, AutoName.of(content), true));
        }
        return new MessageView(messageId, sessionId, messageCount, role, content, MessageStatus.COMPLETE,
                               lastMessageAt);
    }

    private static void requireContent(String content) {
        if (content == null || content.isBlank()) {
            throw new RejectedInput("content", "must not be blank");
        }
    }

    @CommandHandler
    void handle(DeleteSession command) {
        requireOwner(command.userId());
        apply(new SessionDeleted(sessionId, projectId));
    }

    public SessionView view() {
        return new SessionView(sessionId, projectId, name, createdAt, updatedAt, messageCount, lastMessageAt, pinned,
                               archived);
    }

    private void requireOwner(String userId) {
        if (!ownerId.equals(userId)) {
            throw new ResourceNotFound(sessionId);
        }
    }

    @EventSourcingHandler
    void on(SessionCreated event, @Timestamp Instant at) {
        sessionId = event.sessionId();
        projectId = event.projectId();
        ownerId = event.ownerId();
        name = event.name();
        autoNameable = DEFAULT_NAME.equals(event.name());
        createdAt = updatedAt = at.truncatedTo(ChronoUnit.MILLIS);
    }

    @EventSourcingHandler
    void on(SessionRenamed event, @Timestamp Instant at) {
        name = event.name();
        autoNameable = false;
        updatedAt = at.truncatedTo(ChronoUnit.MILLIS);
    }

    @EventSourcingHandler
    void on(MessagePosted event, @Timestamp Instant at) {
        messageCount = event.seq();
        lastMessageAt = updatedAt = at.truncatedTo(ChronoUnit.MILLIS);
        if (event.messageId().equals(replyInProgress)) {
            replyInProgress = null;
        }
    }

    @EventSourcingHandler
    void on(ReplyStarted event) {
        replyInProgress = event.replyId();
    }

    /** Pinning and archiving organise the list; they are not changes of the conversation, so not of updatedAt. */
    @EventSourcingHandler
    void on(SessionPinned event) {
        pinned = true;
    }

    @EventSourcingHandler
    void on(SessionUnpinned event) {
        pinned = false;
    }

    @EventSourcingHandler
    void on(SessionArchived event) {
        archived = true;
    }

    @EventSourcingHandler
    void on(SessionUnarchived event) {
        archived = false;
    }

    @EventSourcingHandler
    void on(SessionDeleted event) {
        markDeleted();
    }
}
