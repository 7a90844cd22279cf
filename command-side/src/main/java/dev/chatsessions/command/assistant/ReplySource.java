package dev.chatsessions.command.assistant;

/** A running reply as its followers see it, wherever it is generated. */
public interface ReplySource {

    /**
     * {@code listener} gets the reply's text from {@code position} on (at once, as one delta, what there is of it
     * already), then the rest, then how it ended.
     */
    void subscribe(ReplyListener listener, int position);

    void unsubscribe(ReplyListener listener);
}
