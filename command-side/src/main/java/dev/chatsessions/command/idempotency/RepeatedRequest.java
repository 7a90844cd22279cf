package dev.chatsessions.command.idempotency;

/** The request was already carried out; {@code answer} is the JSON of what it answered then. */
public class RepeatedRequest extends RuntimeException {

    private final String answer;

    RepeatedRequest(String answer) {
        super("This request was already carried out", null, false, false);
        this.answer = answer;
    }

    String answer() {
        return answer;
    }
}
