package dev.chatsessions.api;

/** Who wrote a message. Serialized as its lower-case {@link #toString()}, as the HTTP contract spells it. */
public enum Role {
    USER,
    ASSISTANT;

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
