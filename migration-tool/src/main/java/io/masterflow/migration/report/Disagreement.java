package io.masterflow.migration.report;

/**
 * Master and child rows of one flow that say different things about one field, and the value migrated (the
 * child's: the service that ran the flow wrote it).
 */
public record Disagreement(String flowId, String legacyFlowId, String field, String childTable, Object master,
                           Object child, Object kept) {
}
