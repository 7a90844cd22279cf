package dev.chatsessions.api;

import java.util.UUID;

public record CreateProject(UUID projectId, String ownerId, String name, String description) {}
