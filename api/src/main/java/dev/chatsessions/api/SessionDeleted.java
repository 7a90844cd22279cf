package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

@Revision("1")
public record SessionDeleted(UUID sessionId, UUID projectId) {}
