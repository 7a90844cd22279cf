package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

@Revision("1")
public record SessionUnpinned(UUID sessionId) {}
