package dev.chatsessions.api;

import java.util.List;

/** One page of a session's messages, oldest first; {@code nextCursor} is null on the last page. */
public record MessagePage(List<MessageView> items, String nextCursor) {}
