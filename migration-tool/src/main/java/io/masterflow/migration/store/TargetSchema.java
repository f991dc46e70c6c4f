package io.masterflow.migration.store;

import io.masterflow.eventstore.EventStoreMigrations;
import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The event store's schema in the target, read through the command side's own Flyway history
 * ({@link EventStoreMigrations}): brought up to the version this tool knows when it writes, refused when it is newer.
 *
 * <p>A newer schema means a command side of a later release migrated it: this tool would write events that release
 * may no longer read as it expects, so it stops instead of guessing.
 */
public final class TargetSchema {

    /** What the target's schema was, and what the tool did to it; printed and kept in the report. */
    public record State(String version, List<String> applied, boolean unmanaged) {

        /** True when the run applied the first migration: the target had no event store before. */
        public boolean created() {
            return !applied.isEmpty() && applied.get(0).equals("1");
        }

        /** One line for the operator. */
        public String describe(String target) {
            if (unmanaged) {
                return "the event store in " + target + " has no Flyway history (" + EventStoreMigrations.HISTORY_TABLE
                        + "); its tables are used as they are";
            }
            if (applied.isEmpty()) {
                return "the event store in " + target + " is at schema version " + version + ", the version this tool knows";
            }
            return (created() ? "created the event store's tables in " + target : "brought the event store in " + target + " up to date")
                    + " with the command side's migrations (" + EventStoreMigrations.LOCATION + ", versions "
                    + String.join(", ", applied) + "); schema version " + version;
        }
    }

    private TargetSchema() {
    }

    /**
     * Applies the event store migrations this tool ships that the target lacks (all of them on an empty target).
     *
     * @throws MigrationFailure of kind TARGET when the schema is newer than this tool knows, or cannot be migrated
     */
    public static State prepare(String url, String user, String password) {
        String target = Jdbc.describe(url);
        if (isUnmanaged(url, user, password, target)) {
            return new State(null, List.of(), true);
        }
        Flyway flyway = flyway(url, user, password);
        try {
            refuseNewer(flyway, target);
            MigrateResult result = flyway.migrate();
            List<String> applied = result.migrations.stream().map(migration -> migration.version).toList();
            return new State(currentVersion(flyway), applied, false);
        } catch (FlywayException e) {
            throw MigrationFailure.target("cannot migrate the event store schema of " + target + ": " + Jdbc.message(e), e);
        }
    }

    /**
     * Checks without writing: a schema newer than this tool knows is refused here too, so that a dry run or a
     * verification says so before the real run would.
     */
    public static void check(String url, String user, String password) {
        String target = Jdbc.describe(url);
        if (isUnmanaged(url, user, password, target)) {
            return;
        }
        try {
            refuseNewer(flyway(url, user, password), target);
        } catch (FlywayException e) {
            throw MigrationFailure.target("cannot read the event store schema of " + target + ": " + Jdbc.message(e), e);
        }
    }

    /** The newest version among this tool's own migrations. */
    private static String knownVersion(MigrationInfo[] all) {
        return Arrays.stream(all).filter(info -> info.getState() != MigrationState.FUTURE_SUCCESS
                        && info.getState() != MigrationState.FUTURE_FAILED && info.getVersion() != null
                        && !info.getVersion().getVersion().equals("0"))
                .reduce((first, second) -> second).map(info -> info.getVersion().getVersion()).orElse("none");
    }

    private static Flyway flyway(String url, String user, String password) {
        return EventStoreMigrations.configuration().dataSource(url, user, password).load();
    }

    /**
     * A target whose event store tables exist without the command side's history (made by hand, or by a deployment
     * older than the history table) is used as it is, as before: there is nothing to compare its version with.
     */
    private static boolean isUnmanaged(String url, String user, String password, String target) {
        try (Connection connection = Jdbc.connect(url, user, password)) {
            return Jdbc.columns(connection, EventStoreMigrations.HISTORY_TABLE).isEmpty()
                    && !Jdbc.columns(connection, "domainevententry").isEmpty();
        } catch (SQLException e) {
            throw MigrationFailure.target("cannot connect to the target " + target + ": " + Jdbc.message(e), e);
        }
    }

    private static void refuseNewer(Flyway flyway, String target) {
        MigrationInfo[] all = flyway.info().all();
        List<MigrationInfo> future = Arrays.stream(all)
                .filter(info -> info.getState() == MigrationState.FUTURE_SUCCESS || info.getState() == MigrationState.FUTURE_FAILED)
                .toList();
        if (!future.isEmpty()) {
            String newest = future.get(future.size() - 1).getVersion().getVersion();
            throw MigrationFailure.target("the event store in " + target + " is at schema version " + newest
                    + ", newer than this tool knows (up to " + knownVersion(all) + "): run the masterflow-migrate of the "
                    + "command side's release", null);
        }
    }

    private static String currentVersion(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }
}
