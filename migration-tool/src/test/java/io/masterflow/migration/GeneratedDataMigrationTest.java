package io.masterflow.migration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.personal.PersonalMetaData;
import io.masterflow.events.personal.SubjectKeys;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.report.MigrationReport;
import io.masterflow.migration.report.MigrationReport.Mode;
import io.masterflow.migration.support.FlowRebuilder;
import io.masterflow.migration.support.LegacyDataGenerator;
import io.masterflow.migration.support.StoredEvents;
import io.masterflow.migration.support.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Thousands of generated legacy flows, every mapping rule many times over: the report reconciles exactly with what
 * the generator wrote, every migrated flow rebuilds in the Flow aggregate, a second run appends nothing, and a run
 * stopped halfway and started again ends with the very event streams of an uninterrupted run.
 */
class GeneratedDataMigrationTest {

    private static final int SCENARIOS = 24 * 125;

    private static String source;
    private static String target;
    private static LegacyDataGenerator.Expected expected;
    private static MigrationReport report;

    @BeforeAll
    static void migrateGeneratedRows() throws Exception {
        source = TestDatabases.legacyDatabase();
        try (LegacyDataGenerator generator = new LegacyDataGenerator(source, 42)) {
            expected = generator.generate(SCENARIOS, LegacyDataGenerator.Mix.COVERAGE);
        }
        target = TestDatabases.eventStore();
        report = migration(target, 200, Migration.CommitHook.NONE).run();
    }

    private static Migration migration(String targetUrl, int batchSize, Migration.CommitHook hook) {
        MigrationOptions options = new MigrationOptions(Mode.MIGRATE, source, TestDatabases.USER, TestDatabases.PASSWORD, targetUrl,
                TestDatabases.USER, TestDatabases.PASSWORD, null, null, null, batchSize, 2, null, null, false);
        return new Migration(options, new PrintStream(new ByteArrayOutputStream()), hook);
    }

    @Test
    void the_report_reconciles_exactly_with_the_rows_written_table_by_table_and_flow_by_flow() {
        assertThat(report.accountsForEveryRow()).isTrue();
        for (LegacyTable table : LegacyTable.values()) {
            MigrationReport.TableCounts counts = report.counts(table);
            assertThat(counts.rows()).as("rows of " + table).isEqualTo(expected.rows.getOrDefault(table, 0L));
            assertThat(counts.migrated()).as("migrated rows of " + table).isEqualTo(expected.migrated.getOrDefault(table, 0L));
            assertThat(counts.reported()).as("reported rows of " + table).isEqualTo(expected.reported.getOrDefault(table, 0L));
            assertThat(counts.alreadyMigrated()).isZero();
        }
        assertThat(report.migratedByStatus()).isEqualTo(expected.flowsByStatus.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue)));
        assertThat(report.reportedByReason()).isEqualTo(expected.reportedByReason);
        assertThat(report.disagreements()).hasSize((int) expected.disagreements);
        assertThat(new StoredEvents(target).flows()).isEqualTo(expected.flows());
    }

    @Test
    void every_migrated_flow_rebuilds_in_the_flow_aggregate_in_the_status_it_was_imported_with() {
        StoredEvents store = new StoredEvents(target);
        List<String> flowIds = store.rows().stream().map(row -> (String) row.get("aggregateidentifier")).distinct().toList();
        assertThat(flowIds).hasSize((int) expected.flows());
        try (FlowRebuilder rebuilder = new FlowRebuilder(store.engine())) {
            for (String flowId : flowIds) {
                LegacyFlowImported imported = (LegacyFlowImported) store.engine().readEvents(flowId).next().getPayload();
                FlowRebuilder.State state = rebuilder.load(flowId);
                assertThat(state.status()).as("status of flow " + flowId).isEqualTo(imported.status());
                switch (imported.status()) {
                    // a flow that can still move on has a next phase to move on to
                    case CREATED, WAITING, RUNNING, FAILED, PAUSED -> assertThat(state.nextPhase()).as("next phase of " + flowId)
                            .isLessThan(state.phaseCount());
                    default -> assertThat(state.nextPhase()).isLessThanOrEqualTo(state.phaseCount());
                }
            }
        }
    }

    @Test
    void a_second_run_appends_nothing_and_finds_every_flow_already_migrated() {
        StoredEvents store = new StoredEvents(target);
        long events = store.count();

        MigrationReport again = migration(target, 500, Migration.CommitHook.NONE).run();

        assertThat(store.count()).isEqualTo(events);
        assertThat(again.flowsMigrated()).isZero();
        assertThat(again.flowsAlreadyMigrated()).isEqualTo(expected.flows());
        assertThat(again.accountsForEveryRow()).isTrue();
        assertThat(again.counts(LegacyTable.MASTER).alreadyMigrated()).isEqualTo(expected.migrated.get(LegacyTable.MASTER));
    }

    @Test
    void a_run_stopped_halfway_and_started_again_ends_with_the_event_streams_of_an_uninterrupted_run() {
        String interrupted = TestDatabases.eventStore();
        long half = expected.flows() / 2;
        AtomicInteger committed = new AtomicInteger();
        // decided and counted in one step: the writers commit side by side
        Migration.CommitHook crashHalfway = flows -> {
            int before = committed.getAndUpdate(count -> count + flows.size() > half ? count : count + flows.size());
            if (before + flows.size() > half) {
                throw new SimulatedCrash();
            }
        };

        assertThatThrownBy(() -> migration(interrupted, 100, crashHalfway).run()).isInstanceOf(SimulatedCrash.class);
        long flowsBefore = new StoredEvents(interrupted).flows();
        assertThat(flowsBefore).isPositive().isLessThanOrEqualTo(half);
        Map<String, List<Map<String, Object>>> uninterrupted = eventsByFlow(target);
        assertThat(eventsByFlow(interrupted)).allSatisfy((flowId, events) ->
                assertThat(events).as("flow " + flowId + " is whole").isEqualTo(uninterrupted.get(flowId)));

        MigrationReport resumed = migration(interrupted, 100, Migration.CommitHook.NONE).run();

        assertThat(resumed.flowsAlreadyMigrated()).isEqualTo(flowsBefore);
        assertThat(resumed.flowsMigrated()).isEqualTo(expected.flows() - flowsBefore);
        assertThat(resumed.accountsForEveryRow()).isTrue();
        assertThat(eventsByFlow(interrupted)).isEqualTo(uninterrupted);
    }

    /**
     * Each flow's events as stored, all columns but the global index, with the metadata that names the run left
     * out and the user opened (each store seals it with keys of its own, each value with a random IV): what two runs
     * over the same legacy rows must agree on.
     */
    private static Map<String, List<Map<String, Object>>> eventsByFlow(String url) {
        ObjectMapper json = new ObjectMapper();
        PersonalMetaData users = new PersonalMetaData(new SubjectKeys(() -> TestDatabases.connect(url), Duration.ofMinutes(1)));
        Map<String, List<Map<String, Object>>> byFlow = new LinkedHashMap<>();
        for (Map<String, Object> row : new StoredEvents(url).rows()) {
            Map<String, Object> event = new LinkedHashMap<>(row);
            try {
                Map<String, Object> metaData = json.readValue((String) row.get("metadata"), new TypeReference<>() {
                });
                metaData.remove("migrationRunId");
                metaData.remove("correlationId");
                metaData.computeIfPresent(MetaDataKeys.USER_ID, (key, user) -> users.open((String) user));
                event.put("metadata", metaData);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            byFlow.computeIfAbsent((String) row.get("aggregateidentifier"), key -> new ArrayList<>()).add(event);
        }
        return byFlow;
    }

    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("the process died here");
        }
    }
}
