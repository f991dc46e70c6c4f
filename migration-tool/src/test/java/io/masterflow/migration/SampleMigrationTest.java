package io.masterflow.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.mapping.FlowMapper;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.StoredEvents;
import io.masterflow.migration.support.TestDatabases;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared legacy sample (legacy/legacy-sample.sql), migrated by the command line into a fresh event store: what
 * became of each of its rows, one by one.
 */
class SampleMigrationTest {

    private static final String A1 = "a1000000-0000-0000-0000-000000000000";
    private static final String A2 = "a2000000-0000-0000-0000-000000000000";
    private static final String E1 = "e1000000-0000-0000-0000-000000000000";
    private static final String E2 = "e2000000-0000-0000-0000-000000000000";
    private static final String E3 = "e3000000-0000-0000-0000-000000000000";

    private static String source;
    private static String target;
    private static Cli.Result run;
    private static JsonNode report;
    private static StoredEvents store;

    @BeforeAll
    static void migrateTheSample(@TempDir Path folder) throws IOException {
        source = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");
        target = TestDatabases.eventStore();
        Path reportFile = folder.resolve("report.json");
        run = Cli.run(Cli.args(source, target, "--report", reportFile.toString()));
        report = new ObjectMapper().readTree(reportFile.toFile());
        store = new StoredEvents(target);
    }

    private static FlowId master(int row) {
        return FlowMapper.flowIdOf(LegacyTable.MASTER, "10000000-0000-0000-0000-0000000000" + String.format("%02d", row));
    }

    private static List<? extends DomainEventMessage<?>> events(FlowId flow) {
        return store.of(flow);
    }

    private static LegacyFlowImported imported(FlowId flow) {
        return (LegacyFlowImported) events(flow).get(0).getPayload();
    }

    private static List<Object> payloads(FlowId flow) {
        return store.payloadsOf(flow);
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    private static PhaseName phase(String name) {
        return PhaseName.of(name);
    }

    private static JsonNode reported(String legacyId) {
        return StreamSupport.stream(report.path("reported").spliterator(), false)
                .filter(row -> row.path("legacyId").asText().equals(legacyId)).findFirst().orElse(null);
    }

    @Test
    void the_run_succeeds_and_every_row_of_every_table_is_migrated_or_reported() {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(report.path("complete").asBoolean()).isTrue();
        assertThat(report.path("accountsForEveryRow").asBoolean()).isTrue();
        assertThat(counts("crewai_flow_state_extensions")).containsExactly(9, 7, 0, 2);
        assertThat(counts("discovery_flows")).containsExactly(3, 3, 0, 0);
        assertThat(counts("assessment_flows")).containsExactly(2, 2, 0, 0);
        assertThat(counts("assets")).containsExactly(2, 2, 0, 0);
        assertThat(report.path("flows").path("migrated").asLong()).isEqualTo(8);
        assertThat(store.flows()).isEqualTo(8);
        assertThat(run.out()).contains("crewai_flow_state_extensions", "flows: 8 migrated");
    }

    private static List<Integer> counts(String table) {
        JsonNode counts = report.path("tables").path(table);
        return List.of(counts.path("rows").asInt(), counts.path("migrated").asInt(), counts.path("alreadyMigrated").asInt(),
                counts.path("reported").asInt());
    }

    @Test
    void row_1_a_running_discovery_flow_replays_its_transitions_with_their_times_and_waits_for_inventory() {
        FlowId flow = master(1);
        LegacyFlowImported imported = imported(flow);
        // a migrated flow pins the latest version of its type, as a flow created today would
        assertThat(imported.flowType()).isEqualTo(new FlowTypeRef("discovery", 2));
        assertThat(imported.status()).isEqualTo(FlowStatus.WAITING);
        assertThat(imported.legacyStatus()).isEqualTo("in_progress");
        assertThat(imported.name()).isEqualTo("Datacenter East");
        assertThat(imported.configuration()).isEqualTo(Map.of("source", "cmdb-export.csv"));
        assertThat(imported.legacyFlowId()).isEqualTo("20000000-0000-0000-0000-000000000001");
        assertThat(imported.sourceTable()).isEqualTo("crewai_flow_state_extensions");
        assertThat(imported.legacyCreatedAt()).isEqualTo(at("2025-03-01T08:59:00Z"));
        assertThat(imported.phases()).extracting(definition -> definition.name().value()).containsExactly("data_import",
                "attribute_mapping", "data_cleansing", "inventory", "dependency_analysis", "tech_debt_analysis");
        assertThat(imported.legacyRecord()).containsOnlyKeys("crewai_flow_state_extensions", "discovery_flows");

        assertThat(payloads(flow)).hasSize(11).containsSubsequence(
                new PhaseStarted(flow, phase("data_import"), 1, Map.of()),
                new PhaseCompleted(flow, phase("data_import"), 1, Map.of(), Duration.ofSeconds(250)),
                new PhaseStarted(flow, phase("attribute_mapping"), 1, Map.of()),
                new PhaseCompleted(flow, phase("attribute_mapping"), 1, Map.of(), Duration.ofMinutes(25)),
                new PhaseStarted(flow, phase("data_cleansing"), 1, Map.of()),
                new PhaseFailed(flow, phase("data_cleansing"), 1, "agent timeout", true, null),
                new PhaseStarted(flow, phase("data_cleansing"), 2, Map.of()),
                new PhaseCompleted(flow, phase("data_cleansing"), 2, Map.of(), Duration.ofMinutes(30)));
        assertThat(events(flow)).extracting(DomainEventMessage::getTimestamp).containsExactly(
                at("2025-03-01T08:59:00Z"), at("2025-03-01T09:00:00Z"), at("2025-03-01T09:04:00Z"), at("2025-03-01T09:04:00Z"),
                at("2025-03-01T09:04:10Z"), at("2025-03-01T09:05:00Z"), at("2025-03-01T09:30:00Z"), at("2025-03-02T08:00:00Z"),
                at("2025-03-02T08:01:00Z"), at("2025-03-02T08:10:00Z"), at("2025-03-02T08:40:00Z"));
        assertThat(events(flow)).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void row_1_assets_are_discovered_on_their_flow_with_their_validation_state_and_the_validated_one_is_judged() {
        FlowId flow = master(1);
        AssetsDiscovered discovered = payloads(flow).stream().filter(AssetsDiscovered.class::isInstance)
                .map(AssetsDiscovered.class::cast).findFirst().orElseThrow();
        assertThat(discovered.phase()).isEqualTo(phase("data_import"));
        assertThat(discovered.assets()).extracting(DiscoveredAsset::assetId, DiscoveredAsset::name, DiscoveredAsset::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("40000000-0000-0000-0000-000000000001", "web-01", "server"),
                        org.assertj.core.groups.Tuple.tuple("40000000-0000-0000-0000-000000000002", "orders-db", "database"));
        assertThat(discovered.assets().get(0).attributes()).containsEntry("validation_status", "validated")
                .containsEntry("hostname", "web-01.east.local").containsEntry("ip_address", "10.0.0.11");
        assertThat(discovered.assets().get(1).attributes()).containsEntry("validation_status", "pending");
        assertThat(payloads(flow)).filteredOn(AssetValidated.class::isInstance).containsExactly(
                new AssetValidated(flow, "40000000-0000-0000-0000-000000000001", AssetValidated.Verdict.VALIDATED,
                        "legacy validation_status 'validated'"));
    }

    @Test
    void row_2_a_completed_assessment_completes_its_renamed_phases_at_their_result_times() {
        FlowId flow = master(2);
        assertThat(imported(flow).status()).isEqualTo(FlowStatus.COMPLETED);
        assertThat(imported(flow).name()).isEqualTo("Wave 1 assessment");
        assertThat(payloads(flow).subList(1, 6)).containsExactly(
                new PhaseCompleted(flow, phase("readiness_assessment"), 1, Map.of(), null),
                new PhaseCompleted(flow, phase("complexity_analysis"), 1, Map.of(), null),
                new PhaseCompleted(flow, phase("risk_assessment"), 1, Map.of(), null),
                new PhaseCompleted(flow, phase("recommendation_generation"), 1, Map.of(), null),
                new FlowCompleted(flow));
        assertThat(events(flow)).extracting(DomainEventMessage::getTimestamp).containsExactly(at("2025-04-01T10:00:00Z"),
                at("2025-04-01T12:00:00Z"), at("2025-04-02T09:00:00Z"), at("2025-04-03T11:00:00Z"), at("2025-04-03T16:00:00Z"),
                at("2025-04-03T16:00:00Z"));
    }

    @Test
    void row_3_a_paused_assessment_replays_both_pauses_and_stays_paused_with_the_legacy_status_as_reason() {
        FlowId flow = master(3);
        assertThat(imported(flow).status()).isEqualTo(FlowStatus.PAUSED);
        assertThat(payloads(flow).subList(1, 5)).containsExactly(
                new PhaseCompleted(flow, phase("readiness_assessment"), 1, Map.of(), null),
                new FlowPaused(flow, "legacy pause point in complexity_analysis"),
                new FlowResumed(flow, "legacy pause point resumed"),
                new FlowPaused(flow, "paused (legacy pause point in complexity_analysis)"));
        assertThat(events(flow)).extracting(DomainEventMessage::getTimestamp).containsExactly(at("2025-05-01T10:00:00Z"),
                at("2025-05-01T15:00:00Z"), at("2025-05-02T09:00:00Z"), at("2025-05-03T09:00:00Z"), at("2025-05-04T10:00:00Z"));
        assertThat(events(flow).get(0).getMetaData()).containsEntry("clientAccountId", A1).containsEntry("engagementId", E2)
                .containsEntry("userId", "carol");
    }

    @Test
    void row_4_a_master_only_planning_flow_in_capitals_with_another_spelling_of_running_waits_for_its_first_phase() {
        FlowId flow = master(4);
        assertThat(payloads(flow)).hasSize(1);
        assertThat(imported(flow).flowType()).isEqualTo(new FlowTypeRef("planning", 1));
        assertThat(imported(flow).status()).isEqualTo(FlowStatus.WAITING);
        assertThat(imported(flow).legacyStatus()).isEqualTo("in_progress");
        assertThat(events(flow).get(0).getMetaData()).containsEntry("clientAccountId", A2).containsEntry("engagementId", E3);
    }

    @Test
    void row_5_an_orphan_discovery_flow_is_migrated_on_its_own_with_its_flagged_phase_completed_at_the_rows_update() {
        FlowId flow = FlowMapper.flowIdOf(LegacyTable.DISCOVERY, "30000000-0000-0000-0000-000000000005");
        LegacyFlowImported imported = imported(flow);
        assertThat(imported.sourceTable()).isEqualTo("discovery_flows");
        assertThat(imported.legacyFlowId()).isEqualTo("legacy-flow-0005");
        assertThat(imported.status()).isEqualTo(FlowStatus.WAITING);
        assertThat(imported.legacyRecord()).containsOnlyKeys("discovery_flows");
        assertThat(payloads(flow)).element(1).isEqualTo(new PhaseCompleted(flow, phase("data_import"), 1, Map.of(), null));
        assertThat(events(flow).get(1).getTimestamp()).isEqualTo(at("2025-02-01T12:00:00Z"));
        assertThat(events(flow).get(1).getMetaData()).containsEntry("sourceTable", "discovery_flows")
                .containsEntry("legacyId", "30000000-0000-0000-0000-000000000005").containsEntry("userId", "erin");
    }

    @Test
    void row_6_a_master_without_any_tenant_is_reported_not_migrated() {
        JsonNode row = reported("10000000-0000-0000-0000-000000000006");
        assertThat(row).isNotNull();
        assertThat(row.path("reason").asText()).isEqualTo("NO_TENANT");
        assertThat(events(master(6))).isEmpty();
    }

    @Test
    void row_7_a_deleted_flow_is_deleted_at_its_last_update_with_the_legacy_status_as_reason() {
        FlowId flow = master(7);
        assertThat(imported(flow).status()).isEqualTo(FlowStatus.DELETED);
        assertThat(payloads(flow)).element(1).isEqualTo(new FlowDeleted(flow, "deleted"));
        assertThat(events(flow).get(1).getTimestamp()).isEqualTo(at("2025-01-12T10:00:00Z"));
    }

    @Test
    void row_8_the_child_wins_a_status_disagreement_and_the_report_lists_it() {
        FlowId flow = master(8);
        assertThat(imported(flow).status()).isEqualTo(FlowStatus.COMPLETED);
        assertThat(imported(flow).legacyStatus()).isEqualTo("completed");
        assertThat(payloads(flow)).hasSize(8).endsWith(new FlowCompleted(flow))
                .filteredOn(PhaseCompleted.class::isInstance).hasSize(6);
        assertThat(events(flow).get(7).getTimestamp()).isEqualTo(at("2025-07-09T17:00:00Z"));
        JsonNode disagreement = report.path("disagreements").get(0);
        assertThat(report.path("disagreements")).hasSize(1);
        assertThat(disagreement.path("flowId").asText()).isEqualTo(flow.toString());
        assertThat(disagreement.path("field").asText()).isEqualTo("status");
        assertThat(disagreement.path("master").asText()).isEqualTo("running");
        assertThat(disagreement.path("child").asText()).isEqualTo("completed");
        assertThat(disagreement.path("kept").asText()).isEqualTo("completed");
    }

    @Test
    void row_9_a_flow_type_the_registry_lacks_is_reported() {
        JsonNode row = reported("10000000-0000-0000-0000-000000000009");
        assertThat(row).isNotNull();
        assertThat(row.path("reason").asText()).isEqualTo("UNKNOWN_FLOW_TYPE");
        assertThat(row.path("detail").asText()).contains("'collection'");
        assertThat(events(master(9))).isEmpty();
    }

    @Test
    void row_10_a_failed_flow_whose_log_is_not_a_list_fails_with_its_last_error_and_the_log_is_noted() {
        FlowId flow = master(10);
        assertThat(imported(flow).status()).isEqualTo(FlowStatus.FAILED);
        assertThat(payloads(flow)).hasSize(2).element(1).isEqualTo(new FlowFailed(flow, phase("data_import"), "LLM quota exceeded"));
        assertThat(events(flow).get(1).getTimestamp()).isEqualTo(at("2025-09-01T11:00:00Z"));
        assertThat(imported(flow).legacyRecord().get("crewai_flow_state_extensions")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("phase_transitions", Map.of("data_import", "completed"));
        assertThat(report.path("notes").findValuesAsText("text")).anyMatch(text -> text.startsWith("phase_transitions is not a list"))
                .anyMatch(text -> text.startsWith("error_history[0]: timestamp 'yesterday' is not ISO-8601"));
    }

    @Test
    void every_event_carries_its_owner_user_run_and_the_legacy_row_it_comes_from() {
        String runId = report.path("runId").asText();
        for (DomainEventMessage<?> event : events(master(1))) {
            assertThat(event.getType()).isEqualTo("Flow");
            assertThat(event.getMetaData()).containsEntry("clientAccountId", A1).containsEntry("engagementId", E1)
                    .containsEntry("userId", "alice").containsEntry("correlationId", runId).containsEntry("migrationRunId", runId)
                    .containsEntry("legacyFlowId", "20000000-0000-0000-0000-000000000001").containsKeys("sourceTable", "legacyId");
        }
        assertThat(events(master(1)).get(1).getMetaData()).containsEntry("sourceTable", "crewai_flow_state_extensions")
                .containsEntry("legacyId", "10000000-0000-0000-0000-000000000001");
    }

    /** The legacy users' ids are personal data: stored sealed as the command side stores its callers' (docs/retention.md). */
    @Test
    void the_legacy_users_are_stored_sealed_with_their_keys() throws Exception {
        try (java.sql.Connection connection = TestDatabases.connect(target);
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT metadata FROM domainevententry")) {
            int events = 0;
            while (rows.next()) {
                String metaData = new String(rows.getBytes(1), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(metaData).contains("\"userId\":\"enc:v1:").doesNotContain("alice");
                events++;
            }
            assertThat(events).isEqualTo(store.count());
            try (java.sql.ResultSet keys = statement.executeQuery(
                    "SELECT count(*) FROM personal_data_key WHERE user_id = 'alice' AND client_account_id = '" + A1 + "'")) {
                keys.next();
                assertThat(keys.getLong(1)).as("one key for alice in her account, however many flows").isEqualTo(1);
            }
        }
    }

    @Test
    void a_second_run_appends_nothing_and_counts_every_migrated_row_as_already_migrated() {
        long events = store.count();

        Cli.Result again = Cli.run(Cli.args(source, target));

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(store.count()).isEqualTo(events);
        assertThat(again.out()).contains("flows: 0 migrated (0 events), 8 already migrated");
    }

    @Test
    void a_dry_run_maps_everything_writes_nothing_and_prints_the_report() {
        String emptyStore = TestDatabases.eventStore();

        Cli.Result dryRun = Cli.run(Cli.args(source, emptyStore, "--dry-run"));

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(new StoredEvents(emptyStore).count()).isZero();
        assertThat(dryRun.out()).contains("dry-run", "flows: 8 to migrate (37 events), 0 already migrated");
    }
}
