package io.masterflow.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.FlowId;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.mapping.FlowMapper;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.FlowRebuilder;
import io.masterflow.migration.support.StoredEvents;
import io.masterflow.migration.support.TableDump;
import io.masterflow.migration.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delta runs: the full run days before the cut-over, then only the legacy flows changed since, brought up to date by
 * appending the events their legacy rows add, or reported when no appended event can say what changed. And the delta
 * run rolled back: the store is as the full run left it.
 */
class DeltaRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FlowId master(int row) {
        return FlowMapper.flowIdOf(LegacyTable.MASTER, "10000000-0000-0000-0000-0000000000" + String.format("%02d", row));
    }

    @Test
    void a_delta_run_appends_what_changed_reports_what_cannot_be_appended_and_rolls_back_to_the_full_run(@TempDir Path folder)
            throws Exception {
        String source = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");
        String target = TestDatabases.eventStore();
        Path fullReport = folder.resolve("full.json");
        Cli.Result full = Cli.run(Cli.args(source, target, "--report", fullReport.toString()));
        assertThat(full.exitCode()).as(full.err()).isZero();
        assertThat(JSON.readTree(fullReport.toFile()).path("sourceSnapshotAt").asText()).isNotEmpty();
        List<String> afterFullRun = TableDump.of(target).get("domainevententry");
        long discoveryEvents = events(target, master(1));
        long assessmentEvents = events(target, master(3));
        continueNatively(target, master(2));

        // what the legacy services do after the full run: a running flow starts its next phase, a paused one is resumed
        // and completes a phase, a flow moves to another account, a completed one is renamed, a new flow appears
        TestDatabases.execute(source, """
                UPDATE crewai_flow_state_extensions SET updated_at = now(),
                    phase_transitions = phase_transitions || '[{"phase": "asset_inventory", "status": "started", "timestamp": "2025-03-03T08:00:00Z"}]'
                WHERE id = '10000000-0000-0000-0000-000000000001';
                UPDATE assessment_flows SET status = 'in_progress', updated_at = now(),
                    pause_points = '[{"phase": "tech_debt_analysis", "paused_at": "2025-05-02T09:00:00Z", "resumed_at": "2025-05-03T09:00:00Z"},
                                     {"phase": "tech_debt_analysis", "paused_at": "2025-05-04T10:00:00Z", "resumed_at": "2025-05-05T09:00:00Z"}]',
                    phase_results = phase_results || '{"tech_debt_analysis": {"completed_at": "2025-05-06T09:00:00Z"}}'
                WHERE id = '50000000-0000-0000-0000-000000000003';
                UPDATE crewai_flow_state_extensions SET flow_status = 'running', updated_at = now() WHERE id = '10000000-0000-0000-0000-000000000003';
                UPDATE crewai_flow_state_extensions SET client_account_id = 'a1000000-0000-0000-0000-000000000000', updated_at = now()
                WHERE id = '10000000-0000-0000-0000-000000000004';
                UPDATE crewai_flow_state_extensions SET flow_name = 'Wave 1 (final)', updated_at = now() WHERE id = '10000000-0000-0000-0000-000000000002';
                INSERT INTO crewai_flow_state_extensions (id, flow_id, client_account_id, engagement_id, user_id, flow_type, flow_status, created_at, updated_at)
                VALUES ('10000000-0000-0000-0000-000000000099', '20000000-0000-0000-0000-000000000099',
                        'a1000000-0000-0000-0000-000000000000', 'e1000000-0000-0000-0000-000000000000', 'gina', 'planning', 'running', now(), now());
                """);

        Path deltaReport = folder.resolve("delta.json");
        Cli.Result delta = Cli.run(Cli.args(source, target, "--since-report", fullReport.toString(), "--report", deltaReport.toString()));

        assertThat(delta.exitCode()).as(delta.out() + delta.err()).isZero();
        assertThat(delta.out()).contains("delta since " + JSON.readTree(fullReport.toFile()).path("sourceSnapshotAt").asText(),
                "flows: 1 migrated", "updated: 2 migrated flows brought up to date");
        JsonNode report = JSON.readTree(deltaReport.toFile());
        assertThat(report.path("accountsForEveryRow").asBoolean()).isTrue();
        assertThat(report.path("flows").path("updated").asLong()).isEqualTo(2);
        assertThat(report.path("tables").path("crewai_flow_state_extensions").path("unchanged").asLong()).isEqualTo(5);
        assertThat(report.path("reportedByReason").path("CHANGE_NOT_APPENDABLE").asLong()).isEqualTo(1);
        assertThat(report.path("reportedByReason").path("CONTINUED_SINCE_MIGRATED").asLong()).isEqualTo(2);
        assertThat(reported(report, "10000000-0000-0000-0000-000000000004")).contains("the legacy rows now name account "
                + "a1000000-0000-0000-0000-000000000000", "no event moves it");
        assertThat(reported(report, "10000000-0000-0000-0000-000000000002")).contains("(FlowDeleted) was not appended by the migration");

        StoredEvents store = new StoredEvents(target);
        assertThat(store.of(master(1))).hasSize((int) discoveryEvents + 1);
        assertThat(store.of(master(1)).get((int) discoveryEvents).getMetaData())
                .containsEntry("migrationRunId", report.path("runId").asText()).containsEntry("migratedStatus", "RUNNING");
        assertThat(store.of(master(3))).hasSize((int) assessmentEvents + 2);
        try (FlowRebuilder rebuilder = new FlowRebuilder(store.engine())) {
            assertThat(rebuilder.load(master(1).toString()).status().toString()).isEqualTo("RUNNING");
            assertThat(rebuilder.load(master(1).toString()).attemptRunning()).isTrue();
            assertThat(rebuilder.load(master(3).toString()).status().toString()).isEqualTo("WAITING");
        }

        // the flow moved to another account is moved back: every other change is in the store, and verification agrees
        TestDatabases.execute(source, "UPDATE crewai_flow_state_extensions SET client_account_id = 'a2000000-0000-0000-0000-000000000000' "
                + "WHERE id = '10000000-0000-0000-0000-000000000004'");
        Cli.Result verified = Cli.run(Cli.args(source, target, "--verify"));
        assertThat(verified.exitCode()).as(verified.out()).isZero();

        Cli.Result again = Cli.run(Cli.args(source, target, "--since-report", deltaReport.toString()));
        assertThat(again.out()).contains("flows: 0 migrated (0 events)", "updated: 0 migrated flows");

        String deltaRun = report.path("runId").asText();
        Cli.Result rolledBack = Cli.run(RollbackTest.rollback(target, "--rollback", deltaRun, "--confirm", deltaRun));
        assertThat(rolledBack.exitCode()).as(rolledBack.out() + rolledBack.err()).isZero();
        assertThat(rolledBack.out()).contains("deleted 4 events: removed 1 flows whole, shortened 2 flows");
        List<String> afterRollback = TableDump.of(target).get("domainevententry");
        assertThat(afterRollback).containsAll(afterFullRun).hasSize(afterFullRun.size() + 1); // + the native FlowDeleted
    }

    @Test
    void a_delta_needs_a_finished_migration_as_its_starting_point(@TempDir Path folder) throws Exception {
        String source = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");
        Path dryRun = folder.resolve("dry.json");
        Cli.run(Cli.args(source, null, "--dry-run", "--report", dryRun.toString()));
        Path stopped = folder.resolve("stopped.json");
        Files.writeString(stopped, "{\"mode\": \"migrate\", \"complete\": false, \"sourceSnapshotAt\": \"2026-01-01T00:00:00Z\"}");

        assertThat(Cli.run(Cli.args(source, "jdbc:postgresql://localhost:1/x", "--since-report", dryRun.toString())).err())
                .contains("is the report of a dry-run run, not of a migration");
        assertThat(Cli.run(Cli.args(source, "jdbc:postgresql://localhost:1/x", "--since-report", stopped.toString())).err())
                .contains("did not finish: run the full migration again");
        assertThat(Cli.run(Cli.args(source, "jdbc:postgresql://localhost:1/x", "--since", "yesterday")).err())
                .contains("--since must be an ISO-8601 time with its offset");
        assertThat(Cli.run(Cli.args(source, null, "--axonserver", "localhost:8124", "--since", "2026-01-01T00:00:00Z")).err())
                .contains("--since works on the PostgreSQL event store only");
    }

    private static long events(String target, FlowId flow) throws Exception {
        return RollbackTest.count(target, "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = '" + flow + "'");
    }

    /** The flow deleted through the command API after the migration: its history is the new platform's now. */
    private static void continueNatively(String target, FlowId flow) {
        TestDatabases.execute(target, """
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                              payloadtype, timestamp)
                SELECT aggregateidentifier, sequencenumber + 1, type, gen_random_uuid()::text,
                       convert_to('{"clientAccountId":"a1000000-0000-0000-0000-000000000000","userId":"operator"}', 'UTF8'),
                       convert_to('{"flowId":"' || aggregateidentifier || '","reason":"by hand"}', 'UTF8'),
                       'io.masterflow.events.FlowDeleted', timestamp
                FROM domainevententry WHERE aggregateidentifier = '%s' ORDER BY sequencenumber DESC LIMIT 1""".formatted(flow));
    }

    private static String reported(JsonNode report, String legacyId) {
        return StreamSupport.stream(report.path("reported").spliterator(), false)
                .filter(row -> row.path("legacyId").asText().equals(legacyId)).map(row -> row.path("detail").asText())
                .findFirst().orElse("not reported");
    }
}
