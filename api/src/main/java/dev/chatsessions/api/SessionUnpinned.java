package dev.chatsessions.api;

import org.axonframework.serialization.Revision;

import java.util.UUID;

@Revision("1")
public record SessionUnpinned(UUID sessionId) {
}
