package dev.chatsessions.query.projection;

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

    Object[] args(Record row) {
        return NamedParameterUtils.buildValueArray(parsed, new SimplePropertySqlParameterSource(row), null);
    }
}
