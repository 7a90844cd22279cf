package dev.chatsessions.query.session;

import dev.chatsessions.api.MessagePosted;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * What a message changes in its session's row: the count, the last message's time and the time of the last change.
 * The sessions list and search keep these columns alike in their own tables. Guarded by {@code seq}, so that an
 * event folded twice counts once.
 */
public record LastMessage(long seq, Timestamp at, Timestamp updatedAt, UUID sessionId) {

    /** The update of the session's row in {@code table}, its parameters named as this record's components. */
    public static String update(String table) {
        return """
                update %s
                set message_count = :seq, last_message_at = :at, updated_at = greatest(updated_at, :updatedAt)
                where id = :sessionId and message_count < :seq""".formatted(table);
    }

    public static LastMessage of(MessagePosted event, Instant at) {
        Timestamp time = Timestamp.from(at);
        return new LastMessage(event.seq(), time, time, event.sessionId());
    }

    /**
     * One update that does the work of this one and of a later message's: the later message's, with the later of
     * the times for {@code updated_at}. A later message with a lower {@code seq} would change nothing. Commutes with
     * renames (both take the greatest {@code updated_at}) and deletion.
     */
    public LastMessage andThen(LastMessage later) {
        if (later.seq <= seq) {
            return this;
        }
        return new LastMessage(
                later.seq, later.at, updatedAt.after(later.updatedAt) ? updatedAt : later.updatedAt, later.sessionId);
    }
}
