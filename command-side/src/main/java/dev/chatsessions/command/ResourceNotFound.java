package dev.chatsessions.command;

/**
 * The resource belongs to another user. Answered exactly like an unknown id, so that ids of other users'
 * resources cannot be told apart from ids that do not exist.
 */
public class ResourceNotFound extends RuntimeException {

    public ResourceNotFound(Object id) {
        super("No resource with id " + id);
    }
}
