package io.masterflow.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.FlowId;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.mapping.FlowMapper;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.LegacyDataGenerator;
import io.masterflow.migration.support.RunningSides;
import io.masterflow.migration.support.TableDump;
import io.masterflow.migration.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --rollback}: what a run appended goes, and nothing else. Checked against the whole database, event store and
 * read models of the real query side alike, before the run and after its rollback; then the run is made again.
 */
class RollbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID A1 = UUID.fromString("a1000000-0000-0000-0000-000000000000");
    private static final String E1 = "e1000000-0000-0000-0000-000000000000";

    @Test
    void a_rolled_back_run_leaves_event_store_and_read_models_exactly_as_before_and_can_be_made_again(@TempDir Path folder)
            throws Exception {
        String target = TestDatabases.newDatabase("rollback");
        String earlierSource = TestDatabases.legacyDatabase();
        try (LegacyDataGenerator generator = new LegacyDataGenerator(earlierSource, 11)) {
            generator.generate(40, LegacyDataGenerator.Mix.COVERAGE);
        }
        String sample = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");
        Cli.Result earlier = Cli.run(Cli.args(earlierSource, target));
        assertThat(earlier.exitCode()).as(earlier.err()).isZero();

        try (RunningSides sides = RunningSides.start(target)) {
            sides.createNativeFlow(A1, E1, "discovery");
            sides.awaitProjected();
            Map<String, List<String>> before = TableDump.of(target);
            String horizonBefore = horizon(target);

            String run = runId(migrate(sample, target, folder.resolve("run.json")));
            sides.awaitProjected();
            Map<String, List<String>> migrated = TableDump.of(target);
            assertThat(migrated).isNotEqualTo(before);
            assertThat(migrated.get("flow_status")).hasSize(before.get("flow_status").size() + 8);
            long runEvents = count(target, "SELECT count(*) FROM domainevententry") - before.get("domainevententry").size();

            Cli.Result dryRun = Cli.run(rollback(target, "--rollback", run, "--dry-run"));
            assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
            assertThat(dryRun.out()).contains("run " + run + ": 8 flows, " + runEvents + " events in the store",
                    "would delete " + runEvents + " events: remove 8 flows whole, shorten 0 flows",
                    "8 flow_status rows would be removed");
            assertThat(TableDump.of(target)).isEqualTo(migrated);

            Cli.Result unconfirmed = Cli.run(rollback(target, "--rollback", run));
            assertThat(unconfirmed.exitCode()).isEqualTo(MigrationFailure.Kind.USAGE.exitCode());
            assertThat(unconfirmed.err()).contains("a rollback deletes events: run it with --dry-run first to see what it would "
                    + "delete, then with --confirm " + run);
            Cli.Result mistyped = Cli.run(rollback(target, "--rollback", run, "--confirm", UUID.randomUUID().toString()));
            assertThat(mistyped.exitCode()).isEqualTo(MigrationFailure.Kind.USAGE.exitCode());
            assertThat(TableDump.of(target)).isEqualTo(migrated);

            Path reportFile = folder.resolve("rollback.json");
            Cli.Result rolledBack = Cli.run(rollback(target, "--rollback", run, "--confirm", run, "--batch-size", "3",
                    "--report", reportFile.toString()));

            assertThat(rolledBack.exitCode()).as(rolledBack.out() + rolledBack.err()).isZero();
            assertThat(rolledBack.out()).contains("deleted " + runEvents + " events: removed 8 flows whole, shortened 0 flows",
                    "readModel: the flows' rows are removed from every read model in " + target);
            JsonNode report = JSON.readTree(reportFile.toFile());
            assertThat(report.path("flows").path("removed").asLong()).isEqualTo(8);
            assertThat(report.path("events").path("deleted").asLong()).isEqualTo(runEvents);
            assertThat(report.path("complete").asBoolean()).isTrue();
            assertThat(TableDump.of(target)).isEqualTo(before);
            assertThat(horizon(target)).as("streams resuming before the forgotten changes reload").isNotEqualTo(horizonBefore);

            Cli.Result again = Cli.run(Cli.args(sample, target));
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("flows: 8 migrated");
            sides.awaitProjected();
            Cli.Result verified = Cli.run(Cli.args(sample, target, "--verify"));
            assertThat(verified.out()).contains("readModel: agrees; 8 migrated flows");
            assertThat(TableDump.of(target).get("flow_status")).hasSize(before.get("flow_status").size() + 8);
        }
    }

    @Test
    void a_flow_continued_after_the_run_refuses_the_rollback_unless_it_is_left_as_it_is() throws Exception {
        String target = TestDatabases.eventStore();
        String run = runId(migrate(TestDatabases.legacyDatabase("/legacy/legacy-sample.sql"), target, null));
        FlowId continued = FlowMapper.flowIdOf(LegacyTable.MASTER, "10000000-0000-0000-0000-000000000001");
        appendNativeEvent(target, continued);
        long stored = count(target, "SELECT count(*) FROM domainevententry");
        long continuedEvents = count(target, "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = '" + continued + "'");

        Cli.Result refused = Cli.run(rollback(target, "--rollback", run, "--confirm", run));

        assertThat(refused.exitCode()).isEqualTo(MigrationFailure.Kind.REFUSED.exitCode());
        assertThat(refused.out()).contains("flow " + continued + " (legacy 20000000-0000-0000-0000-000000000001) CONTINUED: event "
                + (continuedEvents - 1) + " (FlowPaused) was not appended by the migration");
        assertThat(refused.err()).contains("masterflow-migrate: the rollback of migration run " + run + " is refused, nothing was "
                + "deleted: 1 flows have events the migration did not append (--leave-continued leaves them as they are)");
        assertThat(count(target, "SELECT count(*) FROM domainevententry")).isEqualTo(stored);

        Cli.Result left = Cli.run(rollback(target, "--rollback", run, "--confirm", run, "--leave-continued"));

        assertThat(left.exitCode()).as(left.out() + left.err()).isZero();
        assertThat(left.out()).contains("removed 7 flows whole", "1 flows in the way (left as they are)");
        assertThat(count(target, "SELECT count(*) FROM domainevententry")).isEqualTo(continuedEvents);
    }

    @Test
    void rollback_all_takes_every_run_and_a_run_id_that_is_not_there_removes_nothing() throws Exception {
        String target = TestDatabases.eventStore();
        String earlierSource = TestDatabases.legacyDatabase();
        try (LegacyDataGenerator generator = new LegacyDataGenerator(earlierSource, 5)) {
            generator.generate(20, LegacyDataGenerator.Mix.COVERAGE);
        }
        String first = runId(migrate(earlierSource, target, null));
        String second = runId(migrate(TestDatabases.legacyDatabase("/legacy/legacy-sample.sql"), target, null));
        String unknown = UUID.randomUUID().toString();

        Cli.Result nothing = Cli.run(rollback(target, "--rollback", unknown, "--confirm", unknown));
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.out()).contains("no event of migration run " + unknown + " is in the store", "deleted 0 events");

        Cli.Result dryRun = Cli.run(rollback(target, "--rollback-all", "--dry-run"));
        assertThat(dryRun.out()).contains("run " + first + ": ", "run " + second + ": 8 flows");

        Cli.Result all = Cli.run(rollback(target, "--rollback-all", "--confirm", "all"));

        assertThat(all.exitCode()).as(all.out() + all.err()).isZero();
        assertThat(count(target, "SELECT count(*) FROM domainevententry")).isZero();
        assertThat(all.out()).contains("readModel: no read model (flow_status) in " + target + ": nothing to remove");
    }

    @Test
    void a_rollback_refuses_what_could_delete_by_mistake() {
        String run = UUID.randomUUID().toString();
        String target = "jdbc:postgresql://localhost:1/none";

        assertThat(Cli.run("--rollback", run, "--target-url", target).err()).contains("--dry-run first");
        assertThat(Cli.run("--rollback-all", "--target-url", target, "--confirm", run).err())
                .contains("--confirm '" + run + "' does not repeat 'all' for --rollback-all: nothing was deleted");
        assertThat(Cli.run("--rollback", "last", "--target-url", target, "--dry-run").err())
                .contains("--rollback needs the run id a migration report names (a UUID), not 'last'");
        assertThat(Cli.run("--rollback", run, "--axonserver", "localhost:8124", "--dry-run").err())
                .contains("a rollback works on the PostgreSQL event store only");
        assertThat(Cli.run("--rollback", run, "--dry-run").err()).contains("--target-url is required with --rollback");
        assertThat(Cli.run("--rollback", run, "--rollback-all", "--target-url", target, "--dry-run").exitCode())
                .isEqualTo(MigrationFailure.Kind.USAGE.exitCode());
        assertThat(Cli.run("--source-url", target, "--target-url", target, "--leave-continued").err())
                .contains("--leave-continued goes with --rollback or --rollback-all");
    }

    static Cli.Result migrate(String source, String target, Path report) {
        Cli.Result result = report == null ? Cli.run(Cli.args(source, target))
                : Cli.run(Cli.args(source, target, "--report", report.toString()));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    /** The run id the summary's first line names. */
    static String runId(Cli.Result migration) {
        return migration.out().replaceAll("(?s)^masterflow-migrate migrate, run ([0-9a-f-]{36}):.*", "$1");
    }

    static String[] rollback(String target, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--target-url", target, "--target-user", TestDatabases.USER,
                "--target-password", TestDatabases.PASSWORD));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** An event the command side would have appended: the flow paused through the API, after the migration. */
    private static void appendNativeEvent(String target, FlowId flow) {
        TestDatabases.execute(target, """
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                              payloadtype, timestamp)
                SELECT aggregateidentifier, sequencenumber + 1, type, gen_random_uuid()::text,
                       convert_to('{"clientAccountId":"a1000000-0000-0000-0000-000000000000","userId":"operator"}', 'UTF8'),
                       convert_to('{"flowId":"' || aggregateidentifier || '","reason":"by hand"}', 'UTF8'),
                       'io.masterflow.events.FlowPaused', timestamp
                FROM domainevententry WHERE aggregateidentifier = '%s' ORDER BY sequencenumber DESC LIMIT 1""".formatted(flow));
    }

    private static String horizon(String url) throws SQLException {
        try (Connection connection = TestDatabases.connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT xid::text || '/' || serial FROM flow_change_horizon")) {
            result.next();
            return result.getString(1);
        }
    }

    static long count(String url, String sql) throws SQLException {
        try (Connection connection = TestDatabases.connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
