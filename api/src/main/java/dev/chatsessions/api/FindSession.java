package dev.chatsessions.api;

import java.util.UUID;

public record FindSession(String userId, UUID sessionId) {}
