package dev.chatsessions.api;

import java.util.UUID;

public record FindProject(String userId, UUID projectId) {}
