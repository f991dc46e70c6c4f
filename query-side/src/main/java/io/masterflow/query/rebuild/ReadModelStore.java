package io.masterflow.query.rebuild;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * Where a projection's handler reads and writes. For a rebuild it is a pool whose connections see only the rebuild's
 * schema, so the projection's unqualified SQL lands in the copies without a change.
 */
public record ReadModelStore(DataSource dataSource, NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {

    public static ReadModelStore of(DataSource dataSource, PlatformTransactionManager transactions) {
        return new ReadModelStore(dataSource, new NamedParameterJdbcTemplate(dataSource), transactions);
    }
}
