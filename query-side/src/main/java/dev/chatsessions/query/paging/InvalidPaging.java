package dev.chatsessions.query.paging;

import dev.chatsessions.query.BadQuery;

/** A page a list cannot give: a limit out of range, or a cursor the list did not give out. Answered with 400. */
public class InvalidPaging extends BadQuery {

    InvalidPaging(String parameter, String message) {
        super(parameter, message);
    }

    /** For a cursor that does not read as one of the list's own. */
    public static InvalidPaging unknownCursor() {
        return new InvalidPaging("cursor", "is not a cursor this list gave out");
    }
}
