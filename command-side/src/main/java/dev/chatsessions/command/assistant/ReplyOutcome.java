package dev.chatsessions.command.assistant;

import dev.chatsessions.api.PostedMessage;

/** How a reply ended: the saved message (null if not saved) and/or why it failed (null if it did not). */
public record ReplyOutcome(PostedMessage saved, ReplyFailure failure) {}
