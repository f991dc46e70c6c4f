package io.masterflow.eventstore;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * How the event store's tables are migrated: the scripts of {@code db/command} in this module, with the command side's
 * own history table. The command side runs them at start and the migration tool on a target that has no event store
 * yet; both take them from here, so the two cannot create different tables.
 */
public final class EventStoreMigrations {

    public static final String LOCATION = "classpath:db/command";
    public static final String HISTORY_TABLE = "flyway_history_command";

    private EventStoreMigrations() {
    }

    /** The configuration both use; the caller adds the data source. */
    public static FluentConfiguration configuration() {
        return Flyway.configure(EventStoreMigrations.class.getClassLoader())
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                // the query side's tables may be there first (it can start first); baseline 0 still applies every migration
                .baselineOnMigrate(true)
                .baselineVersion("0");
    }
}
