package dev.chatsessions.command.assistant;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One reply's text as it grows, broadcast to whoever follows it on this node. A listener that joins late first gets
 * the text so far from where it starts as one delta, then the rest, so that its deltas always add up to the reply.
 * Once closed the text no longer changes: it is what gets saved.
 */
public final class ReplyStream implements ReplySource {

    private final StringBuilder text = new StringBuilder();
    private final List<ReplyListener> listeners = new ArrayList<>();
    private final CompletableFuture<ReplyOutcome> outcome = new CompletableFuture<>();
    private boolean closed;

    public synchronized void append(String delta) {
        if (closed || delta.isEmpty()) {
            return;
        }
        text.append(delta);
        listeners.removeIf(listener -> !listener.delta(delta, text.length()));
    }

    /** The text from {@code position} on. */
    synchronized String textFrom(int position) {
        return text.substring(Math.min(position, text.length()));
    }

    synchronized int length() {
        return text.length();
    }

    /** Freezes the text, which is then saved as it stands; later pieces are dropped. */
    synchronized String close() {
        closed = true;
        return text.toString();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    public synchronized void finish(ReplyOutcome ending) {
        closed = true;
        if (!outcome.complete(ending)) {
            return;
        }
        listeners.forEach(listener -> listener.finished(ending));
        listeners.clear();
    }

    /**
     * A {@code position} past the text starts from the beginning: no id of this reply's events says so, as this
     * node's text is ahead of what any other node serves.
     */
    @Override
    public synchronized void subscribe(ReplyListener listener, int position) {
        int from = position <= text.length() ? position : 0;
        if (from < text.length() && !listener.delta(text.substring(from), text.length())) {
            return;
        }
        if (outcome.isDone()) {
            listener.finished(outcome.join());
        } else {
            listeners.add(listener);
        }
    }

    @Override
    public synchronized void unsubscribe(ReplyListener listener) {
        listeners.remove(listener);
    }

    CompletableFuture<ReplyOutcome> outcome() {
        return outcome;
    }
}
