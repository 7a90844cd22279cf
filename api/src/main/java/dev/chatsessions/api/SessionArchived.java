package dev.chatsessions.api;

import org.axonframework.serialization.Revision;

import java.util.UUID;

/** The session is listed only when archived sessions are asked for. */
@Revision("1")
public record SessionArchived(UUID sessionId) {
}
