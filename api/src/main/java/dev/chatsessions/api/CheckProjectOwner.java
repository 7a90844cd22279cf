package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes nothing: fails as an unknown project unless {@code userId} owns it. Sent before a file is imported. */
public record CheckProjectOwner(@TargetAggregateIdentifier UUID projectId, String userId) {}
