package io.masterflow.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.mapping.FlowMapper;
import io.masterflow.migration.report.MigrationReport.Mode;
import io.masterflow.migration.store.AxonServerTarget;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as an operator meets it: exit codes, one-line errors, modes. */
class CommandLineTest {

    private static void assertOneLineError(Cli.Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(exitCode);
        assertThat(result.err().lines().filter(line -> line.startsWith("masterflow-migrate: ")).toList())
                .as(result.err()).singleElement().asString().contains(message);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void an_unreachable_source_stops_the_run_with_one_line_and_exit_code_3() {
        Cli.Result result = Cli.run(Cli.args("jdbc:postgresql://localhost:1/legacy?password=secret", TestDatabases.eventStore()));

        assertOneLineError(result, 3, "cannot connect to the source jdbc:postgresql://localhost:1/legacy?password=***");
        assertThat(result.err()).doesNotContain("secret").hasLineCount(1);
    }

    @Test
    void a_source_without_one_of_the_legacy_tables_is_refused_naming_it() {
        String source = TestDatabases.legacyDatabase();
        TestDatabases.execute(source, "DROP TABLE assets");

        assertOneLineError(Cli.run(Cli.args(source, TestDatabases.eventStore())), 3, "has no table assets");
    }

    @Test
    void a_source_that_is_not_the_legacy_schema_is_refused() {
        String notLegacy = TestDatabases.newDatabase("other");
        TestDatabases.execute(notLegacy, "CREATE TABLE customers (id INT)");

        assertOneLineError(Cli.run(Cli.args(notLegacy, TestDatabases.eventStore())), 3,
                "is not the legacy schema: it has none of the tables crewai_flow_state_extensions, discovery_flows, assessment_flows, assets");
    }

    @Test
    void a_legacy_table_without_a_column_the_mapping_reads_is_refused_naming_it() {
        String source = TestDatabases.legacyDatabase();
        TestDatabases.execute(source, "ALTER TABLE discovery_flows DROP COLUMN status");

        assertOneLineError(Cli.run(Cli.args(source, TestDatabases.eventStore())), 3,
                "is not the legacy schema: table discovery_flows has no column status");
    }

    @Test
    void a_verification_of_a_target_without_the_event_store_is_refused_with_what_to_do() {
        String source = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");

        Cli.Result result = Cli.run(Cli.args(source, TestDatabases.newDatabase("empty"), "--verify"));

        assertOneLineError(result, 4, "has no event store (table domainevententry): a migration run creates its tables, "
                + "a dry run and --verify only read them");
        assertThat(result.err()).hasLineCount(1);
    }

    @Test
    void wrong_arguments_exit_with_code_2_and_say_what_is_wrong() {
        assertThat(Cli.run().exitCode()).isEqualTo(2);
        assertThat(Cli.run().err()).startsWith("masterflow-migrate: --source-url is required");
        assertThat(Cli.run("--source-url", "jdbc:postgresql://x/y").err()).startsWith("masterflow-migrate: --target-url is required");
        assertThat(Cli.run("--source-url", "jdbc:postgresql://x/y", "--target-url", "jdbc:postgresql://x/z", "--batch-size", "0").err())
                .startsWith("masterflow-migrate: --batch-size must be a whole number of 1 or more, not '0'");
        assertThat(Cli.run("--source-url", "jdbc:postgresql://x/y", "--target-url", "jdbc:postgresql://x/z", "--dry-run", "--verify").err())
                .startsWith("masterflow-migrate: --dry-run and --verify exclude each other");
        assertThat(Cli.run("--source-url", "jdbc:postgresql://x/y", "--target-url", "jdbc:postgresql://x/z", "--read-model-url", "jdbc:postgresql://x/q").err())
                .startsWith("masterflow-migrate: --read-model-url is read only with --verify");
        assertThat(Cli.run("--source-url", "jdbc:postgresql://x/y", "--shout").err()).startsWith("masterflow-migrate: unknown option --shout");
    }

    @Test
    void axon_server_as_target_excludes_a_postgresql_target_and_verify_and_needs_host_and_port() {
        assertOneLineError(Cli.run("--source-url", "jdbc:postgresql://x/y", "--axonserver", "localhost:8124",
                "--target-url", "jdbc:postgresql://x/z"), 2, "--axonserver and --target-url exclude each other");
        assertOneLineError(Cli.run("--source-url", "jdbc:postgresql://x/y", "--axonserver", "localhost:8124", "--verify"), 2,
                "--verify works on the PostgreSQL event store only (--target-url)");
        assertOneLineError(Cli.run("--source-url", "jdbc:postgresql://x/y", "--axonserver", "localhost"), 2,
                "--axonserver must be HOST:PORT (Axon Server's gRPC port, usually 8124), not 'localhost'");
        assertOneLineError(Cli.run("--source-url", "jdbc:postgresql://x/y", "--axonserver=localhost:http"), 2,
                "--axonserver must be HOST:PORT");
    }

    @Test
    void axon_server_is_a_target_of_its_own() {
        MigrationOptions options = MigrationOptions.parse(new String[]{"--source-url", "jdbc:postgresql://x/y",
                "--axonserver", "axon.example:8124", "--dry-run"}, Map.of());

        assertThat(options.axonServer()).isEqualTo("axon.example:8124");
        assertThat(options.targetUrl()).isNull();
        assertThat(options.targetDescription()).isEqualTo("axonserver://axon.example:8124/default");
        assertThat(MigrationOptions.parse(new String[]{"--source-url", "jdbc:postgresql://x/y", "--axonserver=axon.example:8124"},
                Map.of()).mode()).isEqualTo(Mode.MIGRATE);
    }

    @Test
    void axon_servers_access_token_comes_from_the_variable_the_sides_read() {
        MigrationOptions options = MigrationOptions.parse(new String[]{"--source-url", "jdbc:postgresql://x/y",
                "--axonserver", "axon.example:8124"}, Map.of("AXONSERVER_TOKEN", "a-token-of-the-deployment"));

        assertThat(options.axonServerToken()).isEqualTo("a-token-of-the-deployment");
        assertThat(MigrationOptions.parse(new String[]{"--source-url", "jdbc:postgresql://x/y", "--axonserver", "axon.example:8124"},
                Map.of()).axonServerToken()).isNull();
    }

    @Test
    void an_unreachable_axon_server_stops_the_run_quickly_with_one_line_and_exit_code_4() throws IOException {
        String source = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        long started = System.nanoTime();
        Cli.Result result = Cli.run(Cli.args(source, null, "--axonserver", "localhost:" + closedPort));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AxonServerTarget.CONNECT_TIMEOUT.plusSeconds(5));
        assertOneLineError(result, 4, "cannot connect to the target axonserver://localhost:" + closedPort + "/default");
        assertThat(result.err()).hasLineCount(1);
    }

    @Test
    void help_prints_the_usage() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("usage: java -jar masterflow-migrate.jar", "--dry-run", "--verify", "exit codes");
    }

    @Test
    void verify_finds_legacy_and_event_store_in_agreement_after_a_migration_and_reports_a_missing_flow(@TempDir Path folder)
            throws IOException {
        String source = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");
        String target = TestDatabases.eventStore();
        assertThat(Cli.run(Cli.args(source, target)).exitCode()).isZero();

        Cli.Result agreeing = Cli.run(Cli.args(source, target, "--verify"));
        assertThat(agreeing.exitCode()).as(agreeing.err()).isZero();
        assertThat(agreeing.out()).contains("verification: legacy and event store agree; 8 legacy flows to be migrated, 8 in the event store",
                "readModel: not checked, because the target " + target + " has no table flow_status");

        String planning = FlowMapper.flowIdOf(LegacyTable.MASTER, "10000000-0000-0000-0000-000000000004").toString();
        TestDatabases.execute(target, "DELETE FROM domainevententry WHERE aggregateidentifier = '" + planning + "'");
        Path reportFile = folder.resolve("verify.json");
        Cli.Result differing = Cli.run(Cli.args(source, target, "--verify", "--report", reportFile.toString()));

        assertThat(differing.exitCode()).isEqualTo(1);
        assertThat(differing.out()).contains("DIFFERENCES", "a2000000-0000-0000-0000-000000000000", "planning", "WAITING");
        JsonNode verification = new ObjectMapper().readTree(reportFile.toFile()).path("verification");
        assertThat(verification.path("matches").asBoolean()).isFalse();
        assertThat(verification.path("storedFlows").asLong()).isEqualTo(7);
    }

    @Test
    void a_dry_run_needs_no_target_and_progress_goes_to_standard_error_as_plain_lines() {
        Cli.Result result = Cli.run(Cli.args(TestDatabases.legacyDatabase("/legacy/legacy-sample.sql"), null, "--dry-run"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("flows: 8 to migrate");
        assertThat(result.err()).contains("progress: 100.0%  16 / 16 rows");
    }
}
