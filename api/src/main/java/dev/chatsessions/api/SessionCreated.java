package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

@Revision("1")
public record SessionCreated(UUID sessionId, UUID projectId, String ownerId, String name) implements SessionStart {}
