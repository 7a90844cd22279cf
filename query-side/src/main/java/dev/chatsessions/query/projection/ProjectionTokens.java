package dev.chatsessions.query.projection;

import java.util.List;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where each projection stands, read from the token table: the truth whichever process runs the projection,
 * since each stores its token in the same transaction as its tables.
 */
@Component
public class ProjectionTokens {

    private final JdbcClient jdbc;
    private final Serializer serializer;

    ProjectionTokens(JdbcClient jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Where one segment of a projection stands; a null token: the segment has not processed anything yet. */
    public record SegmentToken(int segment, TrackingToken token) {}

    /** The projection's segments, in order. */
    public List<SegmentToken> of(String processorName) {
        return jdbc.sql("select segment, token, token_type from token_entry where processor_name = ? order by segment")
                .param(processorName)
                .query((rs, n) -> new SegmentToken(rs.getInt(1), deserialize(rs.getBytes(2), rs.getString(3))))
                .list();
    }

    /** The position of the newest event in the store, 0 when there is none. */
    public long head() {
        return jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry")
                .query(Long.class)
                .single();
    }

    /** The position of the newest event of the given payload types, 0 when there is none. */
    public long head(String[] eventTypes) {
        return jdbc.sql("""
                            select coalesce(max((select max(global_index) from domain_event_entry
                                                 where payload_type = t)), 0)
                            from unnest(?::text[]) t""").param(eventTypes).query(Long.class).single();
    }

    /** How many events of the given types lie after {@code after} and up to {@code upTo}. */
    public long count(String[] eventTypes, long after, long upTo) {
        return jdbc.sql("""
                            select count(*) from domain_event_entry
                            where global_index > ? and global_index <= ? and payload_type = any(?::text[])""").params(after, upTo, eventTypes).query(Long.class).single();
    }

    /**
     * The aggregates of the committed events of the given types at the given positions or after {@code after} and up
     * to {@code upTo}.
     */
    public List<String> aggregatesAt(String[] eventTypes, Long[] positions, long after, long upTo) {
        return jdbc.sql("""
                        select aggregate_identifier from domain_event_entry
                        where payload_type = any(?::text[])
                          and (global_index = any(?) or (global_index > ? and global_index <= ?))""")
                .params(eventTypes, positions, after, upTo)
                .query(String.class)
                .list();
    }

    private TrackingToken deserialize(byte[] token, String type) {
        return token == null
                ? null
                : serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
    }
}
