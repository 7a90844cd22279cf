package dev.chatsessions.command.assistant;

import dev.chatsessions.api.MessagePosted;
import dev.chatsessions.api.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.stereotype.Component;

/**
 * What the model is sent: the system prompt and the session's messages in order, read from the session's own
 * events (the write side owns them, so this needs no read model and works with the sides apart). Past the context
 * budget the oldest messages are left out; the newest user message is always sent.
 */
@Component
class Conversation {

    private final EventStore eventStore;
    private final AssistantProperties properties;

    Conversation(EventStore eventStore, AssistantProperties properties) {
        this.eventStore = eventStore;
        this.properties = properties;
    }

    Prompt promptFor(UUID sessionId, UUID questionId) {
        List<MessagePosted> history = new ArrayList<>();
        // from sequence 0, past any snapshot: the snapshot holds no message bodies
        eventStore.readEvents(sessionId.toString(), 0).asStream().forEach(event -> {
            if (event.getPayload() instanceof MessagePosted posted
                    && !posted.content().isBlank()) {
                history.add(posted);
            }
        });
        return new Prompt(trim(properties.systemPrompt(), history, questionId, properties.contextBudget()));
    }

    static List<Message> trim(String systemPrompt, List<MessagePosted> history, UUID questionId, int budget) {
        Deque<Message> kept = new ArrayDeque<>();
        int used = systemPrompt == null ? 0 : systemPrompt.length();
        int end = history.size();
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).messageId().equals(questionId)) {
                end = i + 1;
            }
        }
        for (int i = end - 1; i >= 0; i--) {
            MessagePosted message = history.get(i);
            boolean newest = i == end - 1;
            if (!newest && used + message.content().length() > budget) {
                break;
            }
            used += message.content().length();
            kept.addFirst(
                    message.role() == Role.USER
                            ? new UserMessage(message.content())
                            : new AssistantMessage(message.content()));
        }
        List<Message> messages = new ArrayList<>();
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            messages.add(new SystemMessage(systemPrompt));
        }
        messages.addAll(kept);
        return messages;
    }
}
