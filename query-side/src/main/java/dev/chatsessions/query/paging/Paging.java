package dev.chatsessions.query.paging;

import dev.chatsessions.query.TimeRange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Keyset pagination. A cursor is the sort key of the last item of the previous page, opaque to clients, so a page
 * never repeats or skips an item when others are added meanwhile.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private Paging() {}

    public static int limit(Integer requested) {
        int limit = requested == null ? DEFAULT_LIMIT : requested;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidPaging("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /** Cuts the page from rows fetched with one more than {@code limit}, which tells whether more follow. */
    public static <T, P> P page(
            List<T> rows, int limit, Function<T, String> cursorOf, BiFunction<List<T>, String, P> pageOf) {
        if (rows.size() <= limit) {
            return pageOf.apply(rows, null);
        }
        List<T> items = List.copyOf(rows.subList(0, limit));
        return pageOf.apply(items, cursorOf.apply(items.get(limit - 1)));
    }

    /**
     * Position in a list ordered by a time, then by id. The time keeps the microseconds PostgreSQL stores: a cursor
     * cut to milliseconds would skip the items later in the same millisecond.
     */
    public record TimeAndId(Instant at, UUID id) {

        public String encode() {
            return Paging.encode(ChronoUnit.MICROS.between(Instant.EPOCH, at) + ":" + id);
        }

        public static TimeAndId decode(String cursor) {
            String[] parts = Paging.decode(cursor).split(":", 2);
            try {
                var at = Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS);
                return new TimeAndId(TimeRange.check("cursor", at), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw InvalidPaging.unknownCursor();
            }
        }
    }

    public static String encodeSequence(long seq) {
        return encode(Long.toString(seq));
    }

    public static long decodeSequence(String cursor) {
        try {
            return Long.parseLong(decode(cursor));
        } catch (NumberFormatException e) {
            throw InvalidPaging.unknownCursor();
        }
    }

    /** A position in a list as a cursor, opaque to clients. */
    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor of {@link #encode} holds; {@link InvalidPaging} for one that is not a cursor. */
    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw InvalidPaging.unknownCursor();
        }
    }
}
