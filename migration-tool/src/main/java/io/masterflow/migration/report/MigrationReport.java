package io.masterflow.migration.report;

import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.mapping.MappedFlow;
import io.masterflow.migration.mapping.MappedFlow.RowRef;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run did with every legacy row: migrated, already migrated (by an earlier run), or reported with a reason.
 * Per table the three add up to the rows the source holds; {@link #accountsForEveryRow()} checks it. Written as JSON
 * with {@code --report}, summed up on the console. Thread-safe: the reader reports rows, writers report flows.
 */
public final class MigrationReport {

    public enum Mode { MIGRATE, DRY_RUN, VERIFY }

    private final String runId;
    private final Mode mode;
    private final Instant startedAt;
    private final String source;
    private final String target;
    private final Map<LegacyTable, TableCounts> tables = new EnumMap<>(LegacyTable.class);
    private final Map<String, Long> migratedByStatus = new TreeMap<>();
    private final Map<String, Long> migratedByType = new TreeMap<>();
    private final Map<Reason, Long> reportedByReason = new EnumMap<>(Reason.class);
    private final List<ReportedRow> reported = new ArrayList<>();
    private final List<Disagreement> disagreements = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();
    private final AtomicLong rowsDone = new AtomicLong();
    private long flowsMigrated;
    private long flowsAlreadyMigrated;
    private long flowsUpdated;
    private Instant sourceSnapshotAt;
    private Instant since;
    private long eventsAppended;
    private Instant finishedAt;
    private boolean complete;
    private Verification verification;
    private String targetSchema;

    public MigrationReport(String runId, Mode mode, Instant startedAt, String source, String target) {
        this.runId = runId;
        this.mode = mode;
        this.startedAt = startedAt;
        this.source = source;
        this.target = target;
        for (LegacyTable table : LegacyTable.values()) {
            tables.put(table, new TableCounts());
        }
    }

    public String runId() {
        return runId;
    }

    public Mode mode() {
        return mode;
    }

    public synchronized void sourceRows(Map<LegacyTable, Long> counts) {
        counts.forEach((table, count) -> tables.get(table).rows = count);
    }

    public long totalSourceRows() {
        synchronized (this) {
            return tables.values().stream().mapToLong(counts -> counts.rows).sum();
        }
    }

    /** Legacy rows settled so far, whatever their outcome: the progress of the run. */
    public long rowsDone() {
        return rowsDone.get();
    }

    public synchronized void reported(ReportedRow row) {
        tables.get(row.table()).reported++;
        reportedByReason.merge(row.reason(), 1L, Long::sum);
        reported.add(row);
        rowsDone.incrementAndGet();
    }

    /** A flow appended by this run (or, in a dry run, one that would be). */
    public synchronized void migrated(MappedFlow flow) {
        flowsMigrated++;
        eventsAppended += flow.events().size();
        migratedByStatus.merge(flow.status().name(), 1L, Long::sum);
        migratedByType.merge(flow.flowType().type(), 1L, Long::sum);
        disagreements.addAll(flow.disagreements());
        notes.addAll(flow.notes());
        for (RowRef row : flow.rows()) {
            tables.get(row.table()).migrated++;
        }
        rowsDone.addAndGet(flow.rows().size());
    }

    /**
     * A delta run: a migrated flow brought up to date with the events its legacy rows add.
     *
     * @param note what the run did not take over, or null
     */
    public synchronized void updated(MappedFlow flow, int appended, String note) {
        flowsUpdated++;
        eventsAppended += appended;
        if (note != null) {
            notes.add(new Note(flow.flowId().toString(), flow.legacyFlowId(), note));
        }
        for (RowRef row : flow.rows()) {
            tables.get(row.table()).updated++;
        }
        rowsDone.addAndGet(flow.rows().size());
    }

    /** A delta run: a migrated flow whose legacy change cannot be appended; its rows are reported, the flow stays. */
    public synchronized void notUpdated(MappedFlow flow, Reason reason, String detail) {
        for (RowRef row : flow.rows()) {
            tables.get(row.table()).reported++;
            reportedByReason.merge(reason, 1L, Long::sum);
            reported.add(new ReportedRow(row.table(), row.id(), flow.legacyFlowId(), reason, "flow " + flow.flowId() + ": " + detail));
        }
        rowsDone.addAndGet(flow.rows().size());
    }

    /** A delta run: rows of a legacy unit none of whose rows changed since the starting point; not read further. */
    public synchronized void unchanged(List<LegacyTable> rows) {
        rows.forEach(table -> tables.get(table).unchanged++);
        rowsDone.addAndGet(rows.size());
    }

    /** A delta run's starting point. */
    public synchronized void since(Instant since) {
        this.since = since;
    }

    /**
     * The moment a later delta run starts from: the source snapshot's, or the start of the oldest transaction still
     * open on the source then (its rows are not in the snapshot, and their updated_at may be older than it).
     */
    public synchronized void sourceSnapshotAt(Instant at) {
        this.sourceSnapshotAt = at;
    }

    public synchronized long flowsUpdated() {
        return flowsUpdated;
    }

    /** A flow an earlier run appended already: this run leaves it as it is. */
    public synchronized void alreadyMigrated(MappedFlow flow, String note) {
        if (note != null) {
            notes.add(new Note(flow.flowId().toString(), flow.legacyFlowId(), note));
        }
        alreadyMigrated(flow);
    }

    /** A flow an earlier run appended already: this run leaves it as it is. */
    public synchronized void alreadyMigrated(MappedFlow flow) {
        flowsAlreadyMigrated++;
        for (RowRef row : flow.rows()) {
            tables.get(row.table()).alreadyMigrated++;
        }
        rowsDone.addAndGet(flow.rows().size());
    }

    /** A flow the target refused: its rows are reported, and a later run tries them again. */
    public synchronized void writeFailed(MappedFlow flow, String problem) {
        for (RowRef row : flow.rows()) {
            tables.get(row.table()).reported++;
            reportedByReason.merge(Reason.WRITE_FAILED, 1L, Long::sum);
            reported.add(new ReportedRow(row.table(), row.id(), flow.legacyFlowId(), Reason.WRITE_FAILED,
                    "flow " + flow.flowId() + " could not be appended: " + problem));
        }
        rowsDone.addAndGet(flow.rows().size());
    }

    /** What the run found, or did, of the event store's schema in the target. */
    public synchronized void targetSchema(String line) {
        this.targetSchema = line;
    }

    public synchronized void verification(Verification verification) {
        this.verification = verification;
    }

    public synchronized void finish(Instant at, boolean complete) {
        this.finishedAt = at;
        this.complete = complete;
    }

    /** True when, for every table, migrated + already migrated + reported is the number of rows the source holds. */
    public synchronized boolean accountsForEveryRow() {
        return tables.values().stream().allMatch(TableCounts::addsUp);
    }

    public synchronized long flowsMigrated() {
        return flowsMigrated;
    }

    public synchronized long flowsAlreadyMigrated() {
        return flowsAlreadyMigrated;
    }

    public synchronized long eventsAppended() {
        return eventsAppended;
    }

    /** Flows this run migrated, by the status they were imported with. */
    public synchronized Map<String, Long> migratedByStatus() {
        return Map.copyOf(migratedByStatus);
    }

    public synchronized Map<Reason, Long> reportedByReason() {
        return Map.copyOf(reportedByReason);
    }

    public synchronized TableCounts counts(LegacyTable table) {
        return tables.get(table).copy();
    }

    public synchronized List<ReportedRow> reportedRows() {
        return List.copyOf(reported);
    }

    public synchronized List<Disagreement> disagreements() {
        return List.copyOf(disagreements);
    }

    public synchronized List<Note> notes() {
        return List.copyOf(notes);
    }

    public synchronized Verification verification() {
        return verification;
    }

    /** The report as the JSON document {@code --report} writes (docs/migration.md describes its fields). */
    public synchronized Map<String, Object> toDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("runId", runId);
        document.put("mode", mode.name().toLowerCase().replace('_', '-'));
        document.put("source", source);
        document.put("target", target);
        document.put("startedAt", startedAt.toString());
        document.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        document.put("complete", complete);
        document.put("sourceSnapshotAt", sourceSnapshotAt == null ? null : sourceSnapshotAt.toString());
        if (since != null) {
            document.put("since", since.toString());
        }
        document.put("accountsForEveryRow", accountsForEveryRow());
        if (targetSchema != null) {
            document.put("targetSchema", targetSchema);
        }
        Map<String, Object> tableCounts = new LinkedHashMap<>();
        tables.forEach((table, counts) -> tableCounts.put(table.tableName(), counts.toDocument(since != null)));
        document.put("tables", tableCounts);
        Map<String, Object> flows = new LinkedHashMap<>();
        flows.put("migrated", flowsMigrated);
        flows.put("alreadyMigrated", flowsAlreadyMigrated);
        if (since != null) {
            flows.put("updated", flowsUpdated);
        }
        flows.put("events", eventsAppended);
        flows.put("migratedByStatus", migratedByStatus);
        flows.put("migratedByType", migratedByType);
        document.put("flows", flows);
        document.put("reportedByReason", reportedByReason);
        document.put("reported", reported);
        document.put("disagreements", disagreements);
        document.put("notes", notes);
        if (verification != null) {
            document.put("verification", verification);
        }
        return document;
    }

    public void writeJson(Path file) throws IOException {
        ReportFile.write(file, toDocument());
    }

    /** The summary an operator reads at the end of a run. */
    public synchronized void printSummary(PrintStream out) {
        Duration took = Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
        String done = switch (mode) {
            case MIGRATE -> "migrated";
            case DRY_RUN -> "to migrate";
            case VERIFY -> "mapped";
        };
        out.printf("masterflow-migrate %s, run %s: %s in %.1f s%n", mode.name().toLowerCase().replace('_', '-'), runId,
                complete ? "finished" : "stopped", took.toMillis() / 1000.0);
        if (targetSchema != null) {
            out.println("target: " + targetSchema);
        }
        if (since != null) {
            out.printf("delta since %s: only legacy flows with a row created or updated after it%n", since);
            out.printf("%-30s %10s %10s %10s %10s %10s %10s%n", "table", "rows", done, "updated", "already", "reported", "unchanged");
            tables.forEach((table, counts) -> out.printf("%-30s %10d %10d %10d %10d %10d %10d%s%n", table.tableName(), counts.rows,
                    counts.migrated, counts.updated, counts.alreadyMigrated, counts.reported, counts.unchanged,
                    counts.addsUp() ? "" : "   <- does not add up"));
        } else {
            out.printf("%-30s %10s %10s %10s %10s%n", "table", "rows", done, "already", "reported");
            tables.forEach((table, counts) -> out.printf("%-30s %10d %10d %10d %10d%s%n", table.tableName(), counts.rows,
                    counts.migrated, counts.alreadyMigrated, counts.reported, counts.addsUp() ? "" : "   <- does not add up"));
        }
        out.printf("flows: %d %s (%d events), %d already migrated; %d disagreements, %d notes%n", flowsMigrated,
                done, eventsAppended, flowsAlreadyMigrated, disagreements.size(), notes.size());
        if (since != null) {
            out.printf("updated: %d migrated flows brought up to date with the events their legacy rows add%n", flowsUpdated);
        }
        if (!reportedByReason.isEmpty()) {
            StringBuilder reasons = new StringBuilder("reported rows:");
            reportedByReason.forEach((reason, count) -> reasons.append(' ').append(reason).append(' ').append(count).append(','));
            out.println(reasons.substring(0, reasons.length() - 1));
        }
        if (verification != null) {
            verification.printSummary(out);
        }
    }

    /** Rows of one legacy table by outcome. */
    public static final class TableCounts {

        private long rows;
        private long migrated;
        private long alreadyMigrated;
        private long reported;
        private long updated;
        private long unchanged;

        public long rows() {
            return rows;
        }

        public long migrated() {
            return migrated;
        }

        public long alreadyMigrated() {
            return alreadyMigrated;
        }

        public long reported() {
            return reported;
        }

        public long updated() {
            return updated;
        }

        public long unchanged() {
            return unchanged;
        }

        boolean addsUp() {
            return migrated + alreadyMigrated + reported + updated + unchanged == rows;
        }

        TableCounts copy() {
            TableCounts copy = new TableCounts();
            copy.rows = rows;
            copy.migrated = migrated;
            copy.alreadyMigrated = alreadyMigrated;
            copy.reported = reported;
            copy.updated = updated;
            copy.unchanged = unchanged;
            return copy;
        }

        Map<String, Object> toDocument(boolean delta) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("rows", rows);
            document.put("migrated", migrated);
            document.put("alreadyMigrated", alreadyMigrated);
            document.put("reported", reported);
            if (delta) {
                document.put("updated", updated);
                document.put("unchanged", unchanged);
            }
            return document;
        }
    }
}
