package dev.chatsessions.command;

/** A command field breaks a rule of the contract; answered with 400 naming the field. */
public class RejectedInput extends IllegalArgumentException {

    private final String field;

    public RejectedInput(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
