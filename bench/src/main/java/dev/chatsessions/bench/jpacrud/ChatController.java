package dev.chatsessions.bench.jpacrud;

import dev.chatsessions.bench.Hs256;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** What the seed describes: insert the message, count, auto-rename on the first user message, move the timestamp. */
@RestController
class ChatController {

    private final ChatSessions sessions;
    private final ChatMessages messages;
    private final String secret;

    ChatController(ChatSessions sessions, ChatMessages messages, @Value("${bench.jwt-secret}") String secret) {
        this.sessions = sessions;
        this.messages = messages;
        this.secret = secret;
    }

    @org.springframework.web.bind.annotation.GetMapping("/ready")
    String ready() {
        return "ok";
    }

    @PostMapping("/api/projects/{projectId}/chat-sessions")
    @Transactional
    ResponseEntity<Map<String, Object>> createSession(
            @PathVariable UUID projectId, @RequestHeader("Authorization") String authorization) {
        String user = user(authorization);
        var session = sessions.save(new ChatSession(UUID.randomUUID(), projectId, user, "New Chat", now()));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(session));
    }

    @PostMapping("/api/chat-messages")
    @Transactional
    ResponseEntity<Map<String, Object>> post(
            @RequestBody NewMessage body, @RequestHeader("Authorization") String authorization) {
        String user = user(authorization);
        if (body.chatSessionId() == null
                || body.content() == null
                || body.content().isBlank()
                || !("user".equals(body.role()) || "assistant".equals(body.role()))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        ChatSession session = sessions.findForUpdate(body.chatSessionId())
                .filter(s -> s.ownerId.equals(user))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Instant now = now();
        long count = messages.countBySessionId(session.id);
        ChatMessage message = messages.save(new ChatMessage(session.id, count + 1, body.role(), body.content(), now));
        if (count == 0 && "user".equals(body.role()) && session.autoNameable) {
            session.name = autoName(body.content());
            session.autoNameable = false;
        }
        session.messageCount = count + 1;
        session.lastMessageAt = session.updatedAt = now;
        Map<String, Object> answer = new LinkedHashMap<>();
        Map<String, Object> messageView = new LinkedHashMap<>();
        messageView.put("id", message.id);
        messageView.put("chatSessionId", message.sessionId);
        messageView.put("seq", message.seq);
        messageView.put("role", message.role);
        messageView.put("content", message.content);
        messageView.put("status", message.status);
        messageView.put("createdAt", message.createdAt.toString());
        answer.put("message", messageView);
        answer.put("session", view(session));
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    private String user(String authorization) {
        String user = authorization.startsWith("Bearer ") ? Hs256.verify(secret, authorization.substring(7)) : null;
        if (user == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
        }
        return user;
    }

    private static Map<String, Object> view(ChatSession s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id);
        view.put("projectId", s.projectId);
        view.put("name", s.name);
        view.put("createdAt", s.createdAt.toString());
        view.put("updatedAt", s.updatedAt.toString());
        view.put("messageCount", s.messageCount);
        view.put("lastMessageAt", s.lastMessageAt == null ? null : s.lastMessageAt.toString());
        return view;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The seed's rule: first non-blank line, whitespace collapsed, cut at a word boundary at 50 with "...". */
    static String autoName(String content) {
        String line = content.lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .orElse("")
                .trim()
                .replaceAll("\\s+", " ");
        if (line.length() <= 50) {
            return line;
        }
        int cut = line.lastIndexOf(' ', 50);
        return (cut > 0 ? line.substring(0, cut) : line.substring(0, 50)) + "...";
    }

    record NewMessage(UUID id, UUID chatSessionId, String role, String content) {}
}
