package io.masterflow.migration.report;

/**
 * Something of a migrated flow's legacy rows that was not replayed as an event, or was read in a way worth knowing;
 * the legacy record in LegacyFlowImported still holds it.
 */
public record Note(String flowId, String legacyFlowId, String text) {
}
