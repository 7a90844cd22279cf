package dev.chatsessions.api;

import org.axonframework.serialization.Revision;

import java.util.UUID;

@Revision("1")
public record ProjectCreated(UUID projectId, String ownerId, String name, String description) {
}
