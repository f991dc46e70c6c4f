package io.masterflow.command.axon;

import io.masterflow.eventstore.EventStoreMigrations;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The command side owns the event store tables and migrates them with a Flyway of its own, with its own history
 * table: the query side does the same for its read models, and both can run in one process on one database. The
 * scripts live in the event-store-schema module, which the migration tool runs too on an empty target.
 */
@Configuration
public class EventStoreSchema {

    @Bean
    public FlywayMigrationInitializer eventStoreMigration(DataSource dataSource) {
        return new FlywayMigrationInitializer(EventStoreMigrations.configuration().dataSource(dataSource).load());
    }
}
