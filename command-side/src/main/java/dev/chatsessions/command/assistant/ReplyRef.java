package dev.chatsessions.command.assistant;

import java.util.UUID;

/** Which reply: the session it belongs to and its own id (the id of the message it is saved as). */
public record ReplyRef(UUID sessionId, UUID replyId) {}
