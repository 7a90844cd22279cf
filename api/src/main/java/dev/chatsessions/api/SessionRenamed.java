package dev.chatsessions.api;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** {@code automatic} is true when the name was derived from the first user message. */
@Revision("1")
public record SessionRenamed(UUID sessionId, String name, boolean automatic) {}
