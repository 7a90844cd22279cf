package dev.chatsessions.command.http;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The longest message content accepted, in characters ({@code chat.messages.max-content-length}). */
@Component
public class ContentLimit {

    private final int maxCharacters;

    ContentLimit(@Value("${chat.messages.max-content-length:100000}") int maxCharacters) {
        this.maxCharacters = maxCharacters;
    }

    public void check(String content) {
        if (content != null && content.codePointCount(0, content.length()) > maxCharacters) {
            throw new ContentTooLarge(maxCharacters);
        }
    }
}
