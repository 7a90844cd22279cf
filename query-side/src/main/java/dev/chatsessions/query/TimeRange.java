package dev.chatsessions.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What PostgreSQL's {@code timestamptz} can hold, 4714-11-24 BC to 294276-12-31 AD: a time or date parameter outside
 * is a 400 naming the parameter, never a database error.
 */
public final class TimeRange {

    static final Instant MIN = Instant.parse("-4713-11-24T00:00:00Z");
    static final Instant MAX = Instant.parse("+294276-12-31T23:59:59.999999Z");

    private TimeRange() {}

    public static Instant check(String parameter, Instant at) {
        if (at != null && (at.isBefore(MIN) || at.isAfter(MAX))) {
            throw outside(parameter);
        }
        return at;
    }

    public static LocalDate check(String parameter, LocalDate day) {
        if (day != null
                && (day.isBefore(MIN.atOffset(ZoneOffset.UTC).toLocalDate())
                        || day.isAfter(MAX.atOffset(ZoneOffset.UTC).toLocalDate()))) {
            throw outside(parameter);
        }
        return day;
    }

    private static BadQuery outside(String parameter) {
        return new BadQuery(parameter, "must be between " + MIN + " and " + MAX);
    }
}
