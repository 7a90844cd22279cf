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
 * events (the write side owns them, so this needs no read model and works with the sides apart), read from the end
 * until the context budget is filled. Past the budget the oldest messages are left out; the newest user message is
 * always sent.
 */
@Component
class Conversation {

    /** The events read first from the end of a session; four times as many each time the budget holds more. */
    private static final long FIRST_WINDOW = 64;

    private final EventStore eventStore;
    private final AssistantProperties properties;

    Conversation(EventStore eventStore, AssistantProperties properties) {
        this.eventStore = eventStore;
        this.properties = properties;
    }

    Prompt promptFor(UUID sessionId, UUID questionId) {
        String session = sessionId.toString();
        String systemPrompt = properties.systemPrompt();
        int budget = properties.contextBudget() - (systemPrompt == null ? 0 : systemPrompt.length());
        long last = eventStore.lastSequenceNumberFor(session).orElse(-1L);
        List<MessagePosted> history;
        long from;
        // the newest events first: a long session's prompt needs only its end
        for (long window = FIRST_WINDOW; ; window *= 4) {
            from = Math.max(0, last + 1 - window);
            history = messagesFrom(session, from);
            if (from == 0 || fillsBudget(history, questionId, budget)) {
                break;
            }
        }
        return new Prompt(trim(systemPrompt, history, questionId, properties.contextBudget()));
    }

    /** The session's messages from sequence {@code from} on, past any snapshot: the snapshot holds no bodies. */
    private List<MessagePosted> messagesFrom(String session, long from) {
        List<MessagePosted> messages = new ArrayList<>();
        eventStore.readEvents(session, from).asStream().forEach(event -> {
            if (event.getPayload() instanceof MessagePosted posted
                    && !posted.content().isBlank()) {
                messages.add(posted);
            }
        });
        return messages;
    }

    /** Whether the question and the messages before it hold more text than the budget: earlier ones are left out. */
    private static boolean fillsBudget(List<MessagePosted> history, UUID questionId, int budget) {
        long text = 0;
        for (MessagePosted message : history) {
            text += message.content().length();
            if (message.messageId().equals(questionId)) {
                return text > budget;
            }
        }
        return false;
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
