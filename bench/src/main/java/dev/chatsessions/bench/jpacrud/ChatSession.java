package dev.chatsessions.bench.jpacrud;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(
        name = "chat_session",
        indexes = @Index(name = "chat_session_dropdown", columnList = "projectId, updatedAt desc, id desc"))
public class ChatSession {

    @Id
    UUID id;

    UUID projectId;
    String ownerId;
    String name;
    boolean autoNameable;
    long messageCount;
    Instant createdAt;
    Instant updatedAt;
    Instant lastMessageAt;

    protected ChatSession() {}

    ChatSession(UUID id, UUID projectId, String ownerId, String name, Instant now) {
        this.id = id;
        this.projectId = projectId;
        this.ownerId = ownerId;
        this.name = name;
        this.autoNameable = true;
        this.createdAt = this.updatedAt = now;
    }
}
