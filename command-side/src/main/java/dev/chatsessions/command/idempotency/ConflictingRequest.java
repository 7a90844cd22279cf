package dev.chatsessions.command.idempotency;

/** The id or Idempotency-Key was already used for a request with other content: 409. */
public class ConflictingRequest extends RuntimeException {

    ConflictingRequest() {
        super("This id or Idempotency-Key was already used for a different request", null, false, false);
    }
}
