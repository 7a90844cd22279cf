package dev.chatsessions.query;

/** A query parameter out of its range or unreadable: 400 naming the parameter. */
public class BadQuery extends IllegalArgumentException {

    private final String parameter;

    public BadQuery(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
