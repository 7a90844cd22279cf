package dev.chatsessions.bench.jpacrud;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "chat_message", uniqueConstraints = @UniqueConstraint(columnNames = {"sessionId", "seq"}))
public class ChatMessage {

    @Id
    @GeneratedValue
    UUID id;

    UUID sessionId;
    long seq;
    String role;

    @Column(columnDefinition = "text")
    String content;

    String status;
    Instant createdAt;

    protected ChatMessage() {}

    ChatMessage(UUID sessionId, long seq, String role, String content, Instant createdAt) {
        this.sessionId = sessionId;
        this.seq = seq;
        this.role = role;
        this.content = content;
        this.status = "complete";
        this.createdAt = createdAt;
    }
}
