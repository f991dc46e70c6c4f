package io.masterflow.migration.report;

import io.masterflow.migration.legacy.LegacyTable;

/** A legacy row that was not migrated, and why. */
public record ReportedRow(LegacyTable table, String legacyId, String legacyFlowId, Reason reason, String detail) {
}
