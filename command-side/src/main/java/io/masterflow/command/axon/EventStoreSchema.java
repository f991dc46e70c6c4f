package io.masterflow.command.axon;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The command side owns the event store tables and migrates them with a Flyway of its own, with its own history
 * table: the query side does the same for its read models, and both can run in one process on one database. The
 * event store's own tables ({@code db/event-store}) come with the event contract in shared-events, so that whatever
 * reads the store (the query side's and the migration tool's tests) creates them from the same script.
 */
@Configuration
public class EventStoreSchema {

    /** The event store (V1), then the command side's own tables: deadlines, phase tasks. */
    public static final String[] LOCATIONS = {"classpath:db/event-store", "classpath:db/command"};

    @Bean
    public FlywayMigrationInitializer eventStoreMigration(DataSource dataSource) {
        return new FlywayMigrationInitializer(Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATIONS)
                .table("flyway_history_command")
                // the query side's tables may be there first (it can start first); baseline 0 still applies every migration
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load());
    }
}
