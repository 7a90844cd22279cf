package dev.chatsessions.command.assistant;

import java.util.UUID;

/**
 * The {@code id}s of a reply stream's SSE events: {@code <reply id>:<end>} for a {@code delta}, where {@code end} is
 * the reply's length (in UTF-16 code units) once that delta is added, and {@code <reply id>:<event name>} for the
 * others ({@code user-message}, {@code session}, {@code assistant-message}, {@code error}). Given back as
 * {@code Last-Event-ID}, an id says where to resume: after a delta at its end, after anything else from the start.
 * The reply id in it keeps an id of an earlier reply from being applied to the running one.
 */
public final class ReplyEventIds {

    private ReplyEventIds() {}

    public static String delta(UUID replyId, int end) {
        return replyId + ":" + end;
    }

    public static String named(UUID replyId, String event) {
        return replyId + ":" + event;
    }

    /** Where in the reply's text to resume after {@code lastEventId} (0 when it is absent or of another reply). */
    public static int resumeAt(String lastEventId, UUID replyId) {
        String prefix = replyId + ":";
        if (lastEventId == null || !lastEventId.startsWith(prefix)) {
            return 0;
        }
        String rest = lastEventId.substring(prefix.length());
        if (rest.isEmpty() || rest.length() > 9 || !rest.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Integer.parseInt(rest);
    }
}
