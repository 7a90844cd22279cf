package dev.chatsessions.api;

import java.time.Instant;
import java.util.UUID;

public record ProjectView(UUID id, String name, String description, Instant createdAt) {}
