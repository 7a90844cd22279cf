package dev.chatsessions.command.assistant;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One reply's text as it grows, broadcast to whoever follows it. A listener that joins late first gets all the text
 * so far as one delta, then the rest, so that its deltas always add up to the reply. Once closed the text no longer
 * changes: it is what gets saved.
 */
final class ReplyStream {

    private final StringBuilder text = new StringBuilder();
    private final List<ReplyListener> listeners = new ArrayList<>();
    private final CompletableFuture<ReplyOutcome> outcome = new CompletableFuture<>();
    private boolean closed;

    synchronized void append(String delta) {
        if (closed || delta.isEmpty()) {
            return;
        }
        text.append(delta);
        listeners.removeIf(listener -> !listener.delta(delta));
    }

    synchronized String text() {
        return text.toString();
    }

    synchronized int length() {
        return text.length();
    }

    /** Freezes the text, which is then saved as it stands; later pieces are dropped. */
    synchronized String close() {
        closed = true;
        return text.toString();
    }

    synchronized void finish(ReplyOutcome ending) {
        closed = true;
        if (!outcome.complete(ending)) {
            return;
        }
        listeners.forEach(listener -> listener.finished(ending));
        listeners.clear();
    }

    synchronized void subscribe(ReplyListener listener) {
        if (!text.isEmpty() && !listener.delta(text.toString())) {
            return;
        }
        if (outcome.isDone()) {
            listener.finished(outcome.join());
        } else {
            listeners.add(listener);
        }
    }

    synchronized void unsubscribe(ReplyListener listener) {
        listeners.remove(listener);
    }

    CompletableFuture<ReplyOutcome> outcome() {
        return outcome;
    }
}
