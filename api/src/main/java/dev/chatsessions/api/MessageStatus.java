package dev.chatsessions.api;

/** Whether a message is whole: user messages and finished replies are complete; replies may end otherwise. */
public enum MessageStatus {
    COMPLETE,
    STOPPED,
    FAILED;

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
