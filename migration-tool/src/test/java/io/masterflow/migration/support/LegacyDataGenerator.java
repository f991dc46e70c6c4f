package io.masterflow.migration.support;

import io.masterflow.events.FlowStatus;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.report.Reason;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Writes legacy rows into a legacy database (COPY, so a million flows take a minute, not an hour) and counts, as it
 * writes them, what a migration must make of them: rows per table migrated or reported, flows per status. The
 * coverage mix cycles through one scenario per mapping rule; the benchmark mix is what the legacy tables mostly
 * hold: discovery flows with their child rows and assets, assessments, and master-only flows of the other types,
 * each with about five transitions.
 */
public final class LegacyDataGenerator implements AutoCloseable {

    public enum Mix { COVERAGE, BENCHMARK }

    /** What the migration of the generated rows must report. */
    public static final class Expected {
        public final Map<LegacyTable, Long> rows = new EnumMap<>(LegacyTable.class);
        public final Map<LegacyTable, Long> migrated = new EnumMap<>(LegacyTable.class);
        public final Map<LegacyTable, Long> reported = new EnumMap<>(LegacyTable.class);
        public final Map<FlowStatus, Long> flowsByStatus = new EnumMap<>(FlowStatus.class);
        public final Map<Reason, Long> reportedByReason = new EnumMap<>(Reason.class);
        public long disagreements;

        public long flows() {
            return flowsByStatus.values().stream().mapToLong(Long::longValue).sum();
        }

        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }

        void row(LegacyTable table, boolean migrates) {
            rows.merge(table, 1L, Long::sum);
            (migrates ? migrated : reported).merge(table, 1L, Long::sum);
        }

        void flow(FlowStatus status) {
            flowsByStatus.merge(status, 1L, Long::sum);
        }

        void reason(Reason reason, long rows) {
            reportedByReason.merge(reason, rows, Long::sum);
        }
    }

    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final int FLUSH_CHARS = 4 << 20;
    private static final List<String> DISCOVERY_OLD = List.of("data_import", "field_mapping", "data_cleansing", "asset_inventory",
            "dependency_analysis", "tech_debt_assessment");
    private static final List<String> ASSESSMENT_OLD = List.of("architecture_minimums", "tech_debt_analysis",
            "component_sixr_strategies", "app_on_page_generation");
    private static final Map<String, List<String>> OTHER_TYPES = Map.of(
            "planning", List.of("wave_planning", "timeline_optimization", "resource_allocation"),
            "execution", List.of("pre_migration_validation", "migration_execution", "post_migration_validation"),
            "modernize", List.of("modernization_assessment", "architecture_design", "implementation_planning"),
            "finops", List.of("cost_analysis", "budget_planning", "optimization_recommendations"),
            "observability", List.of("monitoring_setup", "alerting_configuration", "dashboard_creation"),
            "decommission", List.of("decommission_planning", "data_archival", "system_shutdown"));
    private static final List<String> OTHER_TYPE_NAMES = List.copyOf(new java.util.TreeSet<>(OTHER_TYPES.keySet()));
    private static final String[] MASTER_COLUMNS = {"id", "flow_id", "client_account_id", "engagement_id", "user_id", "flow_type",
            "flow_name", "flow_status", "flow_configuration", "phase_transitions", "error_history", "is_deleted", "created_at", "updated_at"};
    private static final String[] DISCOVERY_COLUMNS = {"id", "flow_id", "master_flow_id", "client_account_id", "engagement_id",
            "user_id", "flow_name", "status", "current_phase", "data_import_completed", "attribute_mapping_completed",
            "data_cleansing_completed", "inventory_completed", "dependencies_completed", "tech_debt_completed", "error_message",
            "created_at", "updated_at", "completed_at"};
    private static final String[] ASSESSMENT_COLUMNS = {"id", "master_flow_id", "client_account_id", "engagement_id", "created_by",
            "status", "current_phase", "progress", "selected_application_ids", "phase_results", "pause_points", "created_at",
            "updated_at", "completed_at"};
    private static final String[] ASSET_COLUMNS = {"id", "discovery_flow_id", "client_account_id", "engagement_id", "name",
            "asset_type", "hostname", "ip_address", "operating_system", "environment", "validation_status", "raw_data", "created_at"};

    private final Connection connection;
    private final CopyManager copy;
    private final Random random;
    private final Map<LegacyTable, StringBuilder> buffers = new EnumMap<>(LegacyTable.class);
    private final Expected expected = new Expected();
    private final List<UUID[]> tenants = new ArrayList<>();
    private int flowNumber;
    /** The legacy user of the flow being written: master and child rows of one flow name the same one. */
    private String user;

    public LegacyDataGenerator(String url, long seed) throws SQLException {
        this.connection = TestDatabases.connect(url);
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.random = new Random(seed);
        for (LegacyTable table : LegacyTable.values()) {
            buffers.put(table, new StringBuilder());
        }
        for (int account = 1; account <= 5; account++) {
            for (int engagement = 1; engagement <= 3; engagement++) {
                tenants.add(new UUID[]{new UUID(0xa0000000L + account, 0), new UUID(0xe0000000L + account * 10L + engagement, 0)});
            }
        }
    }

    public Expected expected() {
        return expected;
    }

    /** Writes {@code flows} scenarios of the mix (a scenario may write more than one flow, or none). */
    public Expected generate(int flows, Mix mix) {
        for (int index = 0; index < flows; index++) {
            if (mix == Mix.COVERAGE) {
                coverage(index % COVERAGE_SCENARIOS);
            } else {
                benchmark(index);
            }
            flushIfFull();
        }
        flushAll();
        return expected;
    }

    @Override
    public void close() throws SQLException {
        flushAll();
        connection.close();
    }

    // ---- the mixes

    private static final int COVERAGE_SCENARIOS = 24;

    private void coverage(int scenario) {
        user = "user-" + random.nextInt(50);
        UUID[] tenant = tenant();
        Instant created = nextCreated();
        switch (scenario) {
            case 0 -> discoveryWithChild(tenant, created, random.nextInt(6), true, randomAssets());
            case 1 -> discoveryWithChild(tenant, created, 1 + random.nextInt(5), false, randomAssets());
            case 2 -> { // the child finished what the master still calls running: a disagreement, the child wins
                String master = master(tenant, "discovery", "running", "[]", false, created, created.plusSeconds(300));
                discovery(master, flowIdOf(master), tenant, "completed", 6, created, created.plus(Duration.ofDays(8)), created.plus(Duration.ofDays(8)));
                expected.row(LegacyTable.MASTER, true);
                expected.row(LegacyTable.DISCOVERY, true);
                expected.flow(FlowStatus.COMPLETED);
                expected.disagreements++;
            }
            case 3 -> assessmentWithChild(tenant, created, 4, "completed", false);
            case 4 -> assessmentWithChild(tenant, created, 1, "paused", true);
            case 5 -> { // type in capitals, status spelled by another service, nothing recorded yet
                master(tenant, "Planning", "in_progress", "[]", false, created, created.plusSeconds(3600));
                expected.row(LegacyTable.MASTER, true);
                expected.flow(FlowStatus.WAITING);
            }
            case 6 -> {
                String id = discovery(null, "legacy-flow-" + flowNumber, tenant, "running", 1, created, created.plusSeconds(7200), null);
                expected.row(LegacyTable.DISCOVERY, true);
                expected.flow(FlowStatus.WAITING);
                assets(id, tenant, created.plusSeconds(60), randomAssets(), true);
            }
            case 7 -> {
                assessment(null, tenant, "in_progress", phaseResults(2, created), "[]", created, created.plusSeconds(7200), null);
                expected.row(LegacyTable.ASSESSMENT, true);
                expected.flow(FlowStatus.WAITING);
            }
            case 8 -> {
                master(null, "discovery", "initialized", "[]", false, created, created);
                expected.row(LegacyTable.MASTER, false);
                expected.reason(Reason.NO_TENANT, 1);
            }
            case 9 -> { // the master lacks the tenant; the child has it
                String master = master(null, "discovery", "in_progress", "[]", false, created, created.plusSeconds(60));
                discovery(master, flowIdOf(master), tenant, "in_progress", 0, created, created.plusSeconds(60), null);
                expected.row(LegacyTable.MASTER, true);
                expected.row(LegacyTable.DISCOVERY, true);
                expected.flow(FlowStatus.WAITING);
            }
            case 10 -> {
                master(tenant, "execution", "running", transitions(OTHER_TYPES.get("execution"), 1, false, created), true, created,
                        created.plus(Duration.ofDays(1)));
                expected.row(LegacyTable.MASTER, true);
                expected.flow(FlowStatus.DELETED);
            }
            case 11 -> {
                master(tenant, "finops", "cancelled", "[]", false, created, created.plusSeconds(600));
                expected.row(LegacyTable.MASTER, true);
                expected.flow(FlowStatus.DELETED);
            }
            case 12 -> {
                master(tenant, "collection", "running", "[]", false, created, created);
                expected.row(LegacyTable.MASTER, false);
                expected.reason(Reason.UNKNOWN_FLOW_TYPE, 1);
            }
            case 13 -> {
                List<String> phases = OTHER_TYPES.get("modernize");
                String failed = "[" + transition(phases.get(0), "started", created.plusSeconds(10), null) + ","
                        + transition(phases.get(0), "completed", created.plusSeconds(20), null) + ","
                        + transition(phases.get(1), "started", created.plusSeconds(30), null) + ","
                        + transition(phases.get(1), "failed", created.plusSeconds(40), "boom") + "]";
                master(tenant, "modernize", "failed", failed, false, created, created.plusSeconds(40));
                expected.row(LegacyTable.MASTER, true);
                expected.flow(FlowStatus.FAILED);
            }
            case 14 -> {
                master(tenant, "observability", "archived", "[]", false, created, created);
                expected.row(LegacyTable.MASTER, false);
                expected.reason(Reason.UNKNOWN_STATUS, 1);
            }
            case 15 -> { // assets of no discovery flow: none named, or one that does not exist
                assets(null, tenant, created, 1, false);
                assets(UUID.randomUUID().toString(), tenant, created, 1, false);
                expected.reason(Reason.NO_DISCOVERY_FLOW, 2);
            }
            case 16 -> { // two services claim one master: the discovery row goes with it, the assessment row alone
                String master = master(tenant, "discovery", "in_progress", "[]", false, created, created.plusSeconds(60));
                discovery(master, flowIdOf(master), tenant, "in_progress", 2, created, created.plusSeconds(600), null);
                assessment(master, tenant, "initialized", "{}", "[]", created, created.plusSeconds(900), null);
                expected.row(LegacyTable.MASTER, true);
                expected.row(LegacyTable.DISCOVERY, true);
                expected.row(LegacyTable.ASSESSMENT, true);
                expected.flow(FlowStatus.WAITING);
                expected.flow(FlowStatus.CREATED);
            }
            case 17 -> {
                master(tenant, "decommission", "initialized", "[]", false, created, created);
                expected.row(LegacyTable.MASTER, true);
                expected.flow(FlowStatus.CREATED);
            }
            case 18 -> {
                master(tenant, "planning", "waiting_for_approval", transitions(OTHER_TYPES.get("planning"), 1, false, created), false,
                        created, created.plus(Duration.ofDays(2)));
                expected.row(LegacyTable.MASTER, true);
                expected.flow(FlowStatus.PAUSED);
            }
            case 19 -> { // a transition with an unreadable time is not replayed: the started attempt still runs
                String log = "[" + transition("data_import", "started", created.plusSeconds(5), null) + ","
                        + "{\"phase\": \"data_import\", \"status\": \"completed\", \"timestamp\": \"yesterday\"}]";
                master(tenant, "discovery", "running", log, false, created, created.plusSeconds(5000));
                expected.row(LegacyTable.MASTER, true);
                expected.flow(FlowStatus.RUNNING);
            }
            case 20 -> { // one asset of another engagement: not migrated into this tenant's flow
                String master = master(tenant, "discovery", "in_progress", "[]", false, created, created.plusSeconds(60));
                String child = discovery(master, flowIdOf(master), tenant, "in_progress", 0, created, created.plusSeconds(60), null);
                assets(child, tenant, created.plusSeconds(30), 2, true);
                assets(child, otherTenant(tenant), created.plusSeconds(30), 1, false);
                expected.row(LegacyTable.MASTER, true);
                expected.row(LegacyTable.DISCOVERY, true);
                expected.flow(FlowStatus.WAITING);
                expected.reason(Reason.OTHER_TENANT, 1);
            }
            case 21 -> {
                String master = master(tenant, "discovery", "deleted", "[]", true, created, created.plusSeconds(60));
                discovery(master, flowIdOf(master), tenant, "deleted", 0, created, created.plusSeconds(60), null);
                expected.row(LegacyTable.MASTER, true);
                expected.row(LegacyTable.DISCOVERY, true);
                expected.flow(FlowStatus.DELETED);
            }
            case 22 -> { // a discovery flow that is not migrated takes its assets with it into the report
                String id = discovery(null, "legacy-flow-" + flowNumber, tenant, "archived", 0, created, created, null);
                assets(id, tenant, created, 2, false);
                expected.row(LegacyTable.DISCOVERY, false);
                expected.reason(Reason.UNKNOWN_STATUS, 1);
                expected.reason(Reason.FLOW_NOT_MIGRATED, 2);
            }
            case 23 -> { // every phase completed while the legacy status still says running: the flow is complete
                String type = OTHER_TYPE_NAMES.get(random.nextInt(OTHER_TYPE_NAMES.size()));
                master(tenant, type, "running", transitions(OTHER_TYPES.get(type), 3, false, created), false, created,
                        created.plus(Duration.ofDays(3)));
                expected.row(LegacyTable.MASTER, true);
                expected.flow(FlowStatus.COMPLETED);
            }
            default -> throw new IllegalStateException("no scenario " + scenario);
        }
        flowNumber++;
    }

    private void benchmark(int index) {
        user = "user-" + random.nextInt(50);
        UUID[] tenant = tenant();
        Instant created = nextCreated();
        int kind = index % 20;
        if (kind < 8) {
            // two phases done, the third running: five transitions, three assets
            discoveryWithChild(tenant, created, 2, true, 3);
        } else if (kind < 13) {
            assessmentWithTransitions(tenant, created);
        } else {
            String type = OTHER_TYPE_NAMES.get(index % OTHER_TYPE_NAMES.size());
            List<String> phases = OTHER_TYPES.get(type);
            String log = "[" + transition(phases.get(0), "started", created.plusSeconds(10), null) + ","
                    + transition(phases.get(0), "completed", created.plusSeconds(600), null) + ","
                    + transition(phases.get(1), "started", created.plusSeconds(700), null) + ","
                    + transition(phases.get(1), "failed", created.plusSeconds(800), "worker lost") + ","
                    + transition(phases.get(1), "started", created.plusSeconds(900), null) + "]";
            master(tenant, type, "running", log, false, created, created.plusSeconds(900));
            expected.row(LegacyTable.MASTER, true);
            expected.flow(FlowStatus.RUNNING);
        }
        flowNumber++;
    }

    // ---- scenarios shared by both mixes

    /** A discovery master and its child that agree: {@code done} phases completed, then the next one started or not. */
    private void discoveryWithChild(UUID[] tenant, Instant created, int done, boolean nextStarted, int assetCount) {
        boolean started = nextStarted && done < 6;
        String log = transitions(DISCOVERY_OLD, done, started, created);
        Instant updated = created.plusSeconds(600L * (done + 1));
        String master = master(tenant, "discovery", "running", log, false, created, updated);
        String child = discovery(master, flowIdOf(master), tenant, "in_progress", done, created, updated, null);
        expected.row(LegacyTable.MASTER, true);
        expected.row(LegacyTable.DISCOVERY, true);
        expected.flow(started ? FlowStatus.RUNNING : done == 6 ? FlowStatus.COMPLETED : FlowStatus.WAITING);
        assets(child, tenant, created.plusSeconds(120), assetCount, true);
    }

    private void assessmentWithChild(UUID[] tenant, Instant created, int done, String status, boolean pausedTwice) {
        Instant updated = created.plus(Duration.ofDays(done + 1L));
        String master = master(tenant, "assessment", status, "[]", false, created, updated);
        String pauses = pausedTwice
                ? "[{\"phase\": \"tech_debt_analysis\", \"paused_at\": \"" + created.plus(Duration.ofDays(2)) + "\", \"resumed_at\": \""
                + created.plus(Duration.ofDays(3)) + "\"}, {\"phase\": \"tech_debt_analysis\", \"paused_at\": \""
                + created.plus(Duration.ofDays(4)) + "\", \"resumed_at\": null}]"
                : "[]";
        assessment(master, tenant, status, phaseResults(done, created), pauses, created, updated,
                "completed".equals(status) ? updated : null);
        expected.row(LegacyTable.MASTER, true);
        expected.row(LegacyTable.ASSESSMENT, true);
        expected.flow("completed".equals(status) ? FlowStatus.COMPLETED : FlowStatus.PAUSED);
    }

    /** Five transitions on the master, the first two phases' results on the child. */
    private void assessmentWithTransitions(UUID[] tenant, Instant created) {
        String log = transitions(ASSESSMENT_OLD, 2, true, created);
        Instant updated = created.plusSeconds(1800);
        String master = master(tenant, "assessment", "running", log, false, created, updated);
        assessment(master, tenant, "in_progress", phaseResultsAt(created), "[]", created, updated, null);
        expected.row(LegacyTable.MASTER, true);
        expected.row(LegacyTable.ASSESSMENT, true);
        expected.flow(FlowStatus.RUNNING);
    }

    // ---- rows

    private String master(UUID[] tenant, String type, String status, String transitions, boolean deleted, Instant created, Instant updated) {
        String id = uuid();
        row(LegacyTable.MASTER, MASTER_COLUMNS.length, id, "20" + id.substring(2), tenant == null ? null : tenant[0].toString(),
                tenant == null ? null : tenant[1].toString(), user, type, "flow " + flowNumber, status,
                "{\"source\": \"export-" + flowNumber + ".csv\"}", transitions, "[]", deleted ? "t" : "f", created.toString(),
                updated.toString());
        return id;
    }

    private static String flowIdOf(String masterId) {
        return "20" + masterId.substring(2);
    }

    private String discovery(String masterId, String flowId, UUID[] tenant, String status, int done, Instant created, Instant updated,
                             Instant completed) {
        String id = uuid();
        List<Object> values = new ArrayList<>(List.of(id, flowId));
        values.add(masterId);
        values.addAll(List.of(tenant[0].toString(), tenant[1].toString(), user));
        values.add(null);
        values.add(status);
        values.add(done < 6 ? DISCOVERY_OLD.get(done) : null);
        for (int flag = 0; flag < 6; flag++) {
            values.add(flag < done ? "t" : "f");
        }
        values.add(null);
        values.add(created.toString());
        values.add(updated.toString());
        values.add(completed == null ? null : completed.toString());
        row(LegacyTable.DISCOVERY, DISCOVERY_COLUMNS.length, values.toArray());
        return id;
    }

    private void assessment(String masterId, UUID[] tenant, String status, String phaseResults, String pausePoints, Instant created,
                            Instant updated, Instant completed) {
        row(LegacyTable.ASSESSMENT, ASSESSMENT_COLUMNS.length, uuid(), masterId, tenant[0].toString(), tenant[1].toString(),
                user, status, ASSESSMENT_OLD.get(1), "25", "[\"app-1\", \"app-2\"]", phaseResults, pausePoints,
                created.toString(), updated.toString(), completed == null ? null : completed.toString());
    }

    private void assets(String discoveryId, UUID[] tenant, Instant created, int count, boolean migrates) {
        String[] states = {"pending", "validated", "rejected"};
        for (int index = 0; index < count; index++) {
            String id = uuid();
            row(LegacyTable.ASSETS, ASSET_COLUMNS.length, id, discoveryId, tenant[0].toString(), tenant[1].toString(),
                    "host-" + id.substring(0, 8), index % 2 == 0 ? "server" : "database", "host-" + id.substring(0, 8) + ".local",
                    "10.0." + random.nextInt(256) + "." + random.nextInt(256), "RHEL 8", "production", states[random.nextInt(3)],
                    "{\"cpu\": " + (2 + random.nextInt(30)) + "}", created.toString());
            expected.row(LegacyTable.ASSETS, migrates);
        }
    }

    private String transitions(List<String> phases, int done, boolean nextStarted, Instant created) {
        StringBuilder log = new StringBuilder("[");
        Instant at = created.plusSeconds(60);
        for (int phase = 0; phase < done && phase < phases.size(); phase++) {
            log.append(log.length() > 1 ? "," : "").append(transition(phases.get(phase), "started", at, null));
            at = at.plusSeconds(300);
            log.append(',').append(transition(phases.get(phase), "completed", at, null));
            at = at.plusSeconds(300);
        }
        if (nextStarted && done < phases.size()) {
            log.append(log.length() > 1 ? "," : "").append(transition(phases.get(done), "started", at, null));
        }
        return log.append(']').toString();
    }

    private static String transition(String phase, String status, Instant at, String error) {
        return "{\"phase\": \"" + phase + "\", \"status\": \"" + status + "\", \"timestamp\": \"" + at + "\""
                + (error == null ? "" : ", \"error\": \"" + error + "\"") + "}";
    }

    private static String phaseResults(int done, Instant created) {
        StringBuilder results = new StringBuilder("{");
        for (int phase = 0; phase < done; phase++) {
            results.append(phase > 0 ? ", " : "").append('"').append(ASSESSMENT_OLD.get(phase)).append("\": {\"completed_at\": \"")
                    .append(created.plus(Duration.ofHours(2L + 20L * phase))).append("\"}");
        }
        return results.append('}').toString();
    }

    /** The results of the two phases {@link #transitions} completes, at the same times. */
    private static String phaseResultsAt(Instant created) {
        return "{\"" + ASSESSMENT_OLD.get(0) + "\": {\"completed_at\": \"" + created.plusSeconds(360) + "\"}, \""
                + ASSESSMENT_OLD.get(1) + "\": {\"completed_at\": \"" + created.plusSeconds(960) + "\"}}";
    }

    private int randomAssets() {
        return random.nextInt(4);
    }

    private UUID[] tenant() {
        return tenants.get(random.nextInt(tenants.size()));
    }

    private UUID[] otherTenant(UUID[] tenant) {
        return tenants.get((tenants.indexOf(tenant) + 1) % tenants.size());
    }

    private Instant nextCreated() {
        return EPOCH.plus(Duration.ofMinutes(flowNumber)).plusSeconds(random.nextInt(60));
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    // ---- COPY

    private void row(LegacyTable table, int columns, Object... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException(table + " takes " + columns + " values, not " + values.length);
        }
        StringBuilder buffer = buffers.get(table);
        for (int index = 0; index < values.length; index++) {
            if (index > 0) {
                buffer.append('\t');
            }
            Object value = values[index];
            if (value == null) {
                buffer.append("\\N");
            } else {
                String text = value.toString();
                for (int at = 0; at < text.length(); at++) {
                    char c = text.charAt(at);
                    switch (c) {
                        case '\\' -> buffer.append("\\\\");
                        case '\t' -> buffer.append("\\t");
                        case '\n' -> buffer.append("\\n");
                        case '\r' -> buffer.append("\\r");
                        default -> buffer.append(c);
                    }
                }
            }
        }
        buffer.append('\n');
    }

    private void flushIfFull() {
        for (LegacyTable table : LegacyTable.values()) {
            if (buffers.get(table).length() > FLUSH_CHARS) {
                flush(table);
            }
        }
    }

    private void flushAll() {
        for (LegacyTable table : LegacyTable.values()) {
            flush(table);
        }
    }

    private void flush(LegacyTable table) {
        StringBuilder buffer = buffers.get(table);
        if (buffer.isEmpty()) {
            return;
        }
        String[] columns = switch (table) {
            case MASTER -> MASTER_COLUMNS;
            case DISCOVERY -> DISCOVERY_COLUMNS;
            case ASSESSMENT -> ASSESSMENT_COLUMNS;
            case ASSETS -> ASSET_COLUMNS;
        };
        try {
            copy.copyIn("COPY " + table.tableName() + " (" + String.join(", ", columns) + ") FROM STDIN", new StringReader(buffer.toString()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot COPY into " + table + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.setLength(0);
    }
}
