package dev.chatsessions.api;

/** A user's verdict on an assistant message. Serialized as its lower-case {@link #toString()}. */
public enum Rating {
    UP,
    DOWN;

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
