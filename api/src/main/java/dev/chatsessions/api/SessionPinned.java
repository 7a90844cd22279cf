package dev.chatsessions.api;

import org.axonframework.serialization.Revision;

import java.util.UUID;

/** The session is kept at the top of its project's list. */
@Revision("1")
public record SessionPinned(UUID sessionId) {
}
