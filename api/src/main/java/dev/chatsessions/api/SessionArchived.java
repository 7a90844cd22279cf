package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The session is listed only when archived sessions are asked for. */
@Revision("1")
public record SessionArchived(UUID sessionId) {}
