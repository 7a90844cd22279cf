package dev.chatsessions.command.session;

import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY;
import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

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
import dev.chatsessions.api.ForkSession;
import dev.chatsessions.api.GiveFeedback;
import dev.chatsessions.api.ImportSession;
import dev.chatsessions.api.ImportedMessage;
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
import dev.chatsessions.api.SessionForked;
import dev.chatsessions.api.SessionImported;
import dev.chatsessions.api.SessionPinned;
import dev.chatsessions.api.SessionRenamed;
import dev.chatsessions.api.SessionUnarchived;
import dev.chatsessions.api.SessionUnpinned;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.api.StopReply;
import dev.chatsessions.command.Names;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ResourceNotFound;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * Decides what happens to one chat session. It keeps only what its decisions and its answers need, never
 * message bodies, so that its snapshot stays small however long the conversation grows.
 */
@Aggregate(snapshotTriggerDefinition = "chatSessionSnapshotTrigger", cache = "chatSessionCache")
@JsonAutoDetect(fieldVisibility = ANY, getterVisibility = NONE, isGetterVisibility = NONE)
public class ChatSession {

    public static final String DEFAULT_NAME = "New Chat";
    static final String FORK_SUFFIX = " (fork)";
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
    /** When an imported conversation began where it came from; null for sessions not imported. */
    private Instant originalCreatedAt;

    private boolean pinned;
    private boolean archived;

    ChatSession() {}

    public ChatSession(UUID sessionId, UUID projectId, String ownerId, String requestedName) {
        String name =
                requestedName == null || requestedName.isBlank() ? DEFAULT_NAME : Names.require("name", requestedName);
        apply(new SessionCreated(sessionId, projectId, ownerId, name));
    }

    /**
     * The fork as it comes to life: its creation event naming where it came from, then copies of the source's
     * messages with new ids and the same role, content and status. The copies carry no reply details: they were not
     * generated in the fork, so analytics does not count their tokens and latency twice.
     */
    private ChatSession(
            UUID sessionId,
            UUID projectId,
            String ownerId,
            String name,
            UUID sourceSessionId,
            long upToSeq,
            List<MessagePosted> messages) {
        apply(new SessionForked(sessionId, projectId, ownerId, name, sourceSessionId, upToSeq));
        for (MessagePosted message : messages) {
            apply(new MessagePosted(
                    sessionId,
                    UUID.randomUUID(),
                    message.seq(),
                    message.role(),
                    message.content(),
                    message.status(),
                    null));
        }
    }

    /**
     * An imported conversation: where it came from, then its messages in order, with new ids. (Events applied while
     * the aggregate is being constructed reach its handlers only afterwards: the fields are not set yet here.)
     */
    private ChatSession(UUID projectId, String ownerId, ImportSession command) {
        List<Instant> times = command.messages().stream()
                .map(ImportedMessage::originalCreatedAt)
                .toList();
        apply(new SessionImported(
                command.sessionId(),
                projectId,
                ownerId,
                importedName(command.name()),
                command.source(),
                command.sourceConversationId(),
                command.originalCreatedAt(),
                times.stream().allMatch(java.util.Objects::isNull) ? List.of() : times));
        long seq = 0;
        for (ImportedMessage message : command.messages()) {
            if (message.role() == null) {
                throw new RejectedInput("role", "must be \"user\" or \"assistant\"");
            }
            requireContent(message.content());
            apply(new MessagePosted(
                    command.sessionId(),
                    UUID.randomUUID(),
                    ++seq,
                    message.role(),
                    message.content(),
                    message.status() == null ? MessageStatus.COMPLETE : message.status(),
                    null));
        }
    }

    /** A session of the project for an imported conversation; the project has checked its owner. */
    public static ChatSession imported(UUID projectId, String ownerId, ImportSession command) {
        return new ChatSession(projectId, ownerId, command);
    }

    public static final String IMPORTED_NAME = "Imported chat";

    /** The conversation's title, trimmed and cut to the name limit; a conversation without one gets a name. */
    static String importedName(String title) {
        String name = title == null ? "" : title.strip();
        if (name.isEmpty()) {
            return IMPORTED_NAME;
        }
        return Names.cut(name, Names.MAX_LENGTH);
    }

    /**
     * A new session in the same project with copies of this session's messages 1..{@code upToSeq} (all when null),
     * read from the event store: the aggregate keeps no message bodies.
     */
    @CommandHandler
    SessionView handle(ForkSession command, StoredMessages storedMessages) throws Exception {
        requireOwner(command.userId());
        if (sessionId.equals(command.sessionId())) {
            throw new IdInUse();
        }
        long upToSeq = command.upToSeq() == null ? messageCount : command.upToSeq();
        if (command.upToSeq() != null && (upToSeq < 1 || upToSeq > messageCount)) {
            throw new RejectedInput(
                    "upToSeq",
                    messageCount == 0
                            ? "must be absent: the session has no messages"
                            : "must be between 1 and " + messageCount);
        }
        String forkName = command.name() == null || command.name().isBlank()
                ? forkNameOf(name)
                : Names.require("name", command.name());
        List<MessagePosted> messages = storedMessages.upTo(sessionId, upToSeq);
        if (messages.size() != upToSeq) {
            throw new IllegalStateException(
                    "Session " + sessionId + " has " + messages.size() + " stored messages up to " + upToSeq);
        }
        return createNew(
                        ChatSession.class,
                        () -> new ChatSession(
                                command.sessionId(), projectId, ownerId, forkName, sessionId, upToSeq, messages))
                .invoke(ChatSession::view);
    }

    /** {@code "<name> (fork)"}, the name cut (never inside a character) so that the whole fits the name limit. */
    static String forkNameOf(String name) {
        return Names.cut(name, Names.MAX_LENGTH - FORK_SUFFIX.length()) + FORK_SUFFIX;
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
        String comment = command.comment() == null || command.comment().isBlank()
                ? null
                : command.comment().strip();
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
        apply(new MessagePosted(
                sessionId,
                command.replyId(),
                messageCount + 1,
                Role.ASSISTANT,
                content,
                command.status(),
                command.details()));
        var message = new MessageView(
                command.replyId(), sessionId, messageCount, Role.ASSISTANT, content, command.status(), lastMessageAt);
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
        return new MessageView(
                messageId, sessionId, messageCount, role, content, MessageStatus.COMPLETE, lastMessageAt);
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
        return new SessionView(
                sessionId,
                projectId,
                name,
                createdAt,
                updatedAt,
                messageCount,
                lastMessageAt,
                originalCreatedAt,
                pinned,
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

    /** Like a creation, except that a fork never carries the default name that the first message replaces. */
    @EventSourcingHandler
    void on(SessionForked event, @Timestamp Instant at) {
        sessionId = event.sessionId();
        projectId = event.projectId();
        ownerId = event.ownerId();
        name = event.name();
        autoNameable = false;
        createdAt = updatedAt = at.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Like a fork: an imported conversation keeps its title, whatever its first message says. */
    @EventSourcingHandler
    void on(SessionImported event, @Timestamp Instant at) {
        sessionId = event.sessionId();
        projectId = event.projectId();
        ownerId = event.ownerId();
        name = event.name();
        autoNameable = false;
        originalCreatedAt = event.originalCreatedAt();
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
