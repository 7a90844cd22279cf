package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The session is kept at the top of its project's list. */
@Revision("1")
public record SessionPinned(UUID sessionId) {}
