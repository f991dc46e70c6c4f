package io.masterflow.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.FlowId;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.mapping.FlowMapper;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.TestDatabases;
import io.masterflow.query.QuerySideApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --verify} against the query side's read model: the sample migrated into a database the real query side
 * then projects (both sides sharing one database, the default deployment), compared flow by flow and per group.
 * Each test alters the read model and puts it back, so they share one projection.
 */
class ReadModelVerificationTest {

    private static final String SECRET = "migration-test-secret-at-least-32-bytes-long";

    private static String source;
    private static String target;

    @BeforeAll
    static void migrateTheSampleAndLetTheQuerySideProjectIt() throws Exception {
        source = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");
        target = TestDatabases.eventStore();
        Cli.Result migrated = Cli.run(Cli.args(source, target));
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        try (ConfigurableApplicationContext ignored = QuerySideApplication.application().run("--spring.datasource.url=" + target,
                "--spring.datasource.username=" + TestDatabases.USER, "--spring.datasource.password=" + TestDatabases.PASSWORD,
                "--server.port=0", "--masterflow.security.jwt.secret=" + SECRET, "--spring.main.banner-mode=off")) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (count("SELECT count(*) FROM flow_status") < 8) {
                assertThat(Instant.now()).as("the query side projects the 8 migrated flows").isBefore(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static FlowId master(int row) {
        return FlowMapper.flowIdOf(LegacyTable.MASTER, "10000000-0000-0000-0000-0000000000" + String.format("%02d", row));
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = TestDatabases.connect(target); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Cli.Result verify(String... more) {
        return Cli.run(Cli.args(source, target, concat("--verify", more)));
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void the_projected_read_model_agrees_with_legacy_and_event_store_group_by_group(@TempDir Path folder) throws IOException {
        Path reportFile = folder.resolve("verify.json");

        Cli.Result result = verify("--report", reportFile.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("verification: legacy, event store and read model agree; 8 legacy flows",
                "readModel: agrees; 8 migrated flows in flow_status of " + target);
        JsonNode verification = new ObjectMapper().readTree(reportFile.toFile()).path("verification");
        assertThat(verification.path("readModel").path("verdict").asText()).isEqualTo("AGREES");
        assertThat(verification.path("readModel").path("flows").asLong()).isEqualTo(8);
        assertThat(verification.path("groups")).isNotEmpty().allSatisfy(group -> {
            assertThat(group.path("readModel").asLong()).isEqualTo(group.path("legacy").asLong());
            assertThat(group.path("eventStore").asLong()).isEqualTo(group.path("legacy").asLong());
        });
    }

    @Test
    void an_altered_read_model_row_is_reported_as_a_difference_naming_the_flow_and_exits_1(@TempDir Path folder)
            throws IOException {
        FlowId planning = master(4);
        TestDatabases.execute(target, "UPDATE flow_status SET status = 'FAILED' WHERE flow_id = '" + planning + "'");
        Path reportFile = folder.resolve("verify.json");
        try {
            Cli.Result result = verify("--report", reportFile.toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
            assertThat(result.out()).contains("DIFFERENCES", "readModel: DIFFERS: 1 migrated flows",
                    "flow " + planning + " (legacy 20000000-0000-0000-0000-000000000004): migrated as "
                            + "a2000000-0000-0000-0000-000000000000/e3000000-0000-0000-0000-000000000000/planning/WAITING, "
                            + "read model has a2000000-0000-0000-0000-000000000000/e3000000-0000-0000-0000-000000000000/planning/FAILED");
            JsonNode groups = new ObjectMapper().readTree(reportFile.toFile()).path("verification").path("groups");
            JsonNode waiting = group(groups, "planning", "WAITING");
            assertThat(waiting.path("legacy").asLong()).isEqualTo(1);
            assertThat(waiting.path("eventStore").asLong()).isEqualTo(1);
            assertThat(waiting.path("readModel").asLong()).isZero();
            assertThat(group(groups, "planning", "FAILED").path("readModel").asLong()).isEqualTo(1);
        } finally {
            TestDatabases.execute(target, "UPDATE flow_status SET status = 'WAITING' WHERE flow_id = '" + planning + "'");
        }
    }

    private static JsonNode group(JsonNode groups, String type, String status) {
        return StreamSupport.stream(groups.spliterator(), false)
                .filter(group -> group.path("flowType").asText().equals(type) && group.path("status").asText().equals(status))
                .findFirst().orElseThrow();
    }

    @Test
    void a_read_model_missing_flows_or_behind_the_store_lags_rather_than_differs() {
        FlowId discovery = master(1);
        FlowId assessment = master(2);
        TestDatabases.execute(target, """
                CREATE TABLE kept_flow AS SELECT * FROM flow_status WHERE flow_id = '%1$s';
                CREATE TABLE kept_phases AS SELECT * FROM flow_phase_status WHERE flow_id = '%1$s';
                DELETE FROM flow_status WHERE flow_id = '%1$s';
                UPDATE flow_status SET version = version - 1 WHERE flow_id = '%2$s'""".formatted(discovery, assessment));
        try {
            Cli.Result result = verify();

            assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
            assertThat(result.out()).contains("readModel: LAGS (the projection has not caught up; run --verify again later): "
                    + "1 migrated flows not projected yet, 1 behind the event store; 7 in flow_status")
                    .doesNotContain("DIFFERS");
        } finally {
            TestDatabases.execute(target, """
                    INSERT INTO flow_status SELECT * FROM kept_flow;
                    INSERT INTO flow_phase_status SELECT * FROM kept_phases;
                    DROP TABLE kept_flow; DROP TABLE kept_phases;
                    UPDATE flow_status SET version = version + 1 WHERE flow_id = '%s'""".formatted(assessment));
        }
    }

    @Test
    void flows_created_natively_in_the_read_model_are_not_counted() {
        UUID nativeFlow = UUID.randomUUID();
        TestDatabases.execute(target, """
                INSERT INTO flow_status SELECT '%s', client_account_id, engagement_id, flow_type, flow_type_version, 'native',
                       status, status_before_pause, current_phase, auto_advance, created_at, created_by, updated_at, last_user,
                       0, deleted
                FROM flow_status WHERE flow_id = '%s'""".formatted(nativeFlow, master(4)));
        try {
            Cli.Result result = verify();

            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            assertThat(result.out()).contains("readModel: agrees; 8 migrated flows");
        } finally {
            TestDatabases.execute(target, "DELETE FROM flow_status WHERE flow_id = '" + nativeFlow + "'");
        }
    }

    @Test
    void a_read_model_in_another_database_is_read_through_its_own_url_and_an_unreachable_one_is_not_checked() {
        Cli.Result separate = verify("--read-model-url", target, "--read-model-user", TestDatabases.USER,
                "--read-model-password", TestDatabases.PASSWORD);
        assertThat(separate.exitCode()).as(separate.out() + separate.err()).isZero();
        assertThat(separate.out()).contains("readModel: agrees; 8 migrated flows");

        Cli.Result unreachable = verify("--read-model-url", "jdbc:postgresql://localhost:1/query?password=secret");
        assertThat(unreachable.exitCode()).as(unreachable.out() + unreachable.err()).isZero();
        assertThat(unreachable.out()).contains("verification: legacy and event store agree",
                "readModel: not checked, because cannot connect to jdbc:postgresql://localhost:1/query?password=***")
                .doesNotContain("secret");
    }
}
