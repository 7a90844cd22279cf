package dev.chatsessions.bench.jpacrud;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ChatSessions extends JpaRepository<ChatSession, UUID> {

    /** Locks the session row, so that concurrent posts to one session take seq numbers one after another. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from ChatSession s where s.id = ?1")
    Optional<ChatSession> findForUpdate(UUID id);
}

interface ChatMessages extends JpaRepository<ChatMessage, UUID> {

    long countBySessionId(UUID sessionId);
}
