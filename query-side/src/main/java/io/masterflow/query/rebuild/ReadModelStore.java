package io.masterflow.query.rebuild;

import io.masterflow.query.axon.ProjectionWrites;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * Where a projection's handler reads and writes. For a rebuild it is a pool whose connections see only the rebuild's
 * schema, so the projection's unqualified SQL lands in the copies without a change; its writes go event by event after
 * the database refused a batch of the rebuild's processor.
 */
public record ReadModelStore(DataSource dataSource, NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
                             ProjectionWrites writes) {

    public static ReadModelStore of(DataSource dataSource, PlatformTransactionManager transactions, ProjectionWrites writes) {
        return new ReadModelStore(dataSource, new NamedParameterJdbcTemplate(dataSource), transactions, writes);
    }
}
