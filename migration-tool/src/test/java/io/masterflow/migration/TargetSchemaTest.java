package io.masterflow.migration;

import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool on its own: an empty target gets the event store's tables from the command side's very migrations (and
 * the command side's history table, so that the command side finds its schema up to date), and a target migrated by
 * a newer release is refused before anything is read or written.
 */
class TargetSchemaTest {

    private static final String SOURCE = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");

    @Test
    void a_migration_into_an_empty_database_creates_the_event_store_and_says_so() throws SQLException {
        String target = TestDatabases.newDatabase("empty");

        Cli.Result result = Cli.run(Cli.args(SOURCE, target));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("masterflow-migrate: created the event store's tables in " + target
                + " with the command side's migrations (classpath:db/command, versions 1, 2, 3, 4, 5, 6, 7); schema version 7");
        assertThat(result.out()).contains("target: created the event store's tables", "flows: 8 migrated");
        assertThat(strings(target, "SELECT version FROM flyway_history_command WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(strings(target, "SELECT count(DISTINCT aggregateidentifier)::text FROM domainevententry")).containsExactly("8");

        Cli.Result again = Cli.run(Cli.args(SOURCE, target));

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("is at schema version 7, the version this tool knows");
        assertThat(again.out()).contains("flows: 0 migrated (0 events), 8 already migrated");
    }

    @Test
    void a_database_the_query_side_migrated_first_gets_the_event_store_beside_its_tables() throws SQLException {
        String target = TestDatabases.newDatabase("query_first");
        TestDatabases.execute(target, "CREATE TABLE flow_status (flow_id UUID PRIMARY KEY)");

        Cli.Result result = Cli.run(Cli.args(SOURCE, target));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(strings(target, "SELECT version FROM flyway_history_command WHERE success AND version <> '0' ORDER BY installed_rank"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7");
    }

    @Test
    void an_event_store_of_a_newer_schema_is_refused_in_every_mode_and_nothing_is_written() throws SQLException {
        String target = TestDatabases.eventStore();
        TestDatabases.execute(target, """
                INSERT INTO flyway_history_command (installed_rank, version, description, type, script, checksum, installed_by,
                                                    execution_time, success)
                VALUES (100, '9', 'from a later release', 'SQL', 'V9__from_a_later_release.sql', 1, 'postgres', 1, true)""");

        for (String mode : new String[]{null, "--dry-run", "--verify"}) {
            Cli.Result result = mode == null ? Cli.run(Cli.args(SOURCE, target)) : Cli.run(Cli.args(SOURCE, target, mode));

            assertThat(result.exitCode()).as(mode + ": " + result.err()).isEqualTo(MigrationFailure.Kind.TARGET.exitCode());
            assertThat(result.err()).as(String.valueOf(mode)).contains("masterflow-migrate: the event store in " + target
                    + " is at schema version 9, newer than this tool knows (up to 7): run the masterflow-migrate of the "
                    + "command side's release");
        }
        assertThat(strings(target, "SELECT count(*)::text FROM domainevententry")).containsExactly("0");
    }

    @Test
    void a_dry_run_against_an_empty_database_creates_nothing() throws SQLException {
        String target = TestDatabases.newDatabase("dry_empty");

        Cli.Result result = Cli.run(Cli.args(SOURCE, target, "--dry-run"));

        assertThat(result.exitCode()).isEqualTo(MigrationFailure.Kind.TARGET.exitCode());
        assertThat(result.err()).contains("has no event store (table domainevententry): a migration run creates its tables");
        assertThat(strings(target, "SELECT count(*)::text FROM information_schema.tables WHERE table_schema = 'public'"))
                .containsExactly("0");
    }

    private static List<String> strings(String url, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }
}
