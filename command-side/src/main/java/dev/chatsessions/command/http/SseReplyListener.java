package dev.chatsessions.command.http;

import dev.chatsessions.command.assistant.ReplyEventIds;
import dev.chatsessions.command.assistant.ReplyListener;
import dev.chatsessions.command.assistant.ReplyOutcome;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Writes a reply's events to one SSE response: {@code delta}s, then {@code assistant-message} and/or {@code error}.
 * The writing happens on a writer thread, never on the thread that generates the reply, so a slow reader holds up
 * neither the reply nor its other readers. The deltas it has not taken yet wait in a buffer of at most
 * {@code bufferLimit} characters; a reader that falls further behind is dropped: its response ends, and it may
 * attach again to get the text so far.
 */
final class SseReplyListener implements ReplyListener {

    /** Where the events go: an SSE response. {@code send} blocks while the reader does not keep up. */
    interface Sink {
        void send(String id, String event, Object data) throws IOException;

        void complete();
    }

    /** An event waiting to be written; {@code size} counts against the buffer. The end of the response is null. */
    private record Pending(String id, String event, Object data, int size) {}

    private static final Pending END = new Pending(null, null, null, 0);

    private final java.util.UUID replyId;
    private final Sink sink;
    private final Executor writers;
    private final int bufferLimit;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private int buffered;
    private boolean writing;
    private boolean ended;
    private boolean dropped;

    /** {@code replyId}: the reply whose events these are, part of their ids ({@link ReplyEventIds}). */
    SseReplyListener(java.util.UUID replyId, Sink sink, Executor writers, int bufferLimit) {
        this.replyId = replyId;
        this.sink = sink;
        this.writers = writers;
        this.bufferLimit = bufferLimit;
    }

    /** Queues an event that is not a piece of the reply (the saved question, the renamed session). */
    void send(String event, Object data) {
        enqueue(new Pending(ReplyEventIds.named(replyId, event), event, data, 0));
    }

    @Override
    public boolean delta(String text, int end) {
        return enqueue(new Pending(ReplyEventIds.delta(replyId, end), "delta", Map.of("text", text), text.length()));
    }

    @Override
    public void finished(ReplyOutcome outcome) {
        if (outcome.saved() != null) {
            send("assistant-message", outcome.saved().message());
        }
        if (outcome.failure() != null) {
            send("error", ReplyProblems.of(outcome.failure()));
        }
        enqueue(END);
    }

    /** Whether this reader fell too far behind and was let go. */
    synchronized boolean dropped() {
        return dropped;
    }

    /** False when the reader is gone: it disconnected, or it was dropped now or before. */
    private synchronized boolean enqueue(Pending event) {
        if (ended) {
            return false;
        }
        if (buffered + event.size() > bufferLimit) {
            dropped = true;
            end();
            return false;
        }
        if (event == END) {
            ended = true;
        }
        pending.add(event);
        buffered += event.size();
        if (!writing) {
            writing = true;
            writers.execute(this::write);
        }
        return true;
    }

    /** Ends the response after the event being written, dropping those not written yet. */
    private void end() {
        ended = true;
        pending.clear();
        buffered = 0;
        pending.add(END);
        if (!writing) {
            writing = true;
            writers.execute(this::write);
        }
    }

    private void write() {
        while (true) {
            Pending next;
            synchronized (this) {
                next = pending.poll();
                if (next == null) {
                    writing = false;
                    return;
                }
                buffered -= next.size();
            }
            if (next == END) {
                sink.complete();
                continue;
            }
            try {
                sink.send(next.id(), next.event(), next.data());
            } catch (IOException | IllegalStateException e) {
                // the client went away; the reply goes on without it
                synchronized (this) {
                    ended = true;
                    pending.clear();
                    buffered = 0;
                }
            }
        }
    }
}
