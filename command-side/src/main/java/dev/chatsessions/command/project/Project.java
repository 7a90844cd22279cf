package dev.chatsessions.command.project;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import dev.chatsessions.api.CheckProjectOwner;
import dev.chatsessions.api.CreateProject;
import dev.chatsessions.api.CreateSession;
import dev.chatsessions.api.ImportSession;
import dev.chatsessions.api.ProjectCreated;
import dev.chatsessions.api.ProjectView;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.Names;
import dev.chatsessions.command.RejectedInput;
import dev.chatsessions.command.ResourceNotFound;
import dev.chatsessions.command.session.ChatSession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

@Aggregate
class Project {

    static final int MAX_DESCRIPTION_LENGTH = 2_000;

    @AggregateIdentifier
    private UUID projectId;

    private String ownerId;
    private String name;
    private String description;
    private Instant createdAt;

    Project() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    ProjectView handle(CreateProject command) {
        String name = Names.require("name", command.name());
        String description =
                command.description() == null ? null : command.description().strip();
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new RejectedInput("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        apply(new ProjectCreated(command.projectId(), command.ownerId(), name, description));
        return new ProjectView(projectId, this.name, this.description, createdAt);
    }

    /** A session is created through its project, so that only the project's owner can add one. */
    @CommandHandler
    SessionView handle(CreateSession command) throws Exception {
        if (!ownerId.equals(command.userId())) {
            throw new ResourceNotFound(projectId);
        }
        return createNew(
                        ChatSession.class,
                        () -> new ChatSession(command.sessionId(), projectId, ownerId, command.name()))
                .invoke(ChatSession::view);
    }

    /** A conversation brought in from a file becomes a session of the project, only by the project's owner. */
    @CommandHandler
    SessionView handle(ImportSession command) throws Exception {
        if (!ownerId.equals(command.userId())) {
            throw new ResourceNotFound(projectId);
        }
        return createNew(ChatSession.class, () -> ChatSession.imported(projectId, ownerId, command))
                .invoke(ChatSession::view);
    }

    @CommandHandler
    void handle(CheckProjectOwner command) {
        if (!ownerId.equals(command.userId())) {
            throw new ResourceNotFound(projectId);
        }
    }

    @EventSourcingHandler
    void on(ProjectCreated event, @Timestamp Instant at) {
        projectId = event.projectId();
        ownerId = event.ownerId();
        name = event.name();
        description = event.description();
        createdAt = at.truncatedTo(ChronoUnit.MILLIS);
    }
}
