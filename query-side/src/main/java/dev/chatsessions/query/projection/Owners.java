package dev.chatsessions.query.projection;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A projection's own table of who owns what it lists (a project, or a session), so that it can tell an empty list
 * from another user's, and be replayed alone.
 */
public final class Owners {

    private final String insert;
    private final String owns;

    /** The table's key column is {@code idColumn}, its owner column {@code owner_id}. */
    public Owners(String table, String idColumn) {
        this.insert = "insert into %s (%s, owner_id) values (?, ?) on conflict do nothing".formatted(table, idColumn);
        this.owns = "select exists(select 1 from %s where %s = ? and owner_id = ?)".formatted(table, idColumn);
    }

    public void add(ProjectionWrites writes, UUID id, String ownerId) {
        writes.add(insert, id, ownerId);
    }

    public boolean owns(JdbcClient jdbc, UUID id, String userId) {
        return jdbc.sql(owns).params(id, userId).query(Boolean.class).single();
    }
}
