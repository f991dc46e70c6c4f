package io.masterflow.query.axon;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The query side owns its read models and its processors' token table, and migrates them with a Flyway of its own
 * and its own history table, beside the command side's event store tables in the same database.
 */
@Configuration
public class ReadModelSchema {

    static final String HISTORY_TABLE = "flyway_history_query";

    @Bean
    public FlywayMigrationInitializer readModelMigration(DataSource dataSource) {
        return new FlywayMigrationInitializer(Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/query")
                .table(HISTORY_TABLE)
                // the schema normally holds the event store already; baseline 0 still applies every migration of ours
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load());
    }
}
