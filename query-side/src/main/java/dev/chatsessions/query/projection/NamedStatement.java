package dev.chatsessions.query.projection;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SimplePropertySqlParameterSource;

/**
 * SQL with named parameters ({@code :day}), run as the positional statement JDBC batches take, its arguments the
 * components of a record by name.
 */
record NamedStatement(ParsedSql parsed, String sql) {

    static NamedStatement of(String namedSql) {
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(namedSql);
        return new NamedStatement(parsed, NamedParameterUtils.substituteNamedParameters(parsed, null));
    }

    /** The values alone, bound as positional arguments are: by their Java type. */
    Object[] args(Record row) {
        Object[] args = NamedParameterUtils.buildValueArray(parsed, new SimplePropertySqlParameterSource(row), null);
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof SqlParameterValue typed) {
                args[i] = typed.getValue();
            }
        }
        return args;
    }
}
