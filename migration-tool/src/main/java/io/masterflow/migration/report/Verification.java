package io.masterflow.migration.report;

import java.io.PrintStream;
import java.util.List;

/**
 * Legacy flows against the event store, counted per client account, engagement, flow type and the status the
 * legacy rows map to. The legacy side counts the flows the mapping migrates (reported rows are not expected in the
 * store); the store side counts LegacyFlowImported events, whose status is the mapped status at import.
 */
public record Verification(boolean matches, long legacyFlows, long storedFlows, long legacyRowsReported, List<Group> groups) {

    public Verification {
        groups = List.copyOf(groups);
    }

    public record Group(String clientAccountId, String engagementId, String flowType, String status, long legacy,
                        long eventStore) {

        public boolean matches() {
            return legacy == eventStore;
        }
    }

    public List<Group> differences() {
        return groups.stream().filter(group -> !group.matches()).toList();
    }

    void printSummary(PrintStream out) {
        out.printf("verification: %s; %d legacy flows to be migrated, %d in the event store, %d groups, %d legacy rows reported%n",
                matches ? "legacy and event store agree" : "DIFFERENCES", legacyFlows, storedFlows, groups.size(), legacyRowsReported);
        List<Group> differences = differences();
        if (!differences.isEmpty()) {
            out.printf("  %-36s %-36s %-14s %-10s %8s %8s%n", "client account", "engagement", "type", "status", "legacy", "store");
            differences.stream().limit(20).forEach(group -> out.printf("  %-36s %-36s %-14s %-10s %8d %8d%n",
                    group.clientAccountId(), group.engagementId(), group.flowType(), group.status(), group.legacy(), group.eventStore()));
            if (differences.size() > 20) {
                out.printf("  ... and %d more (the JSON report lists them all)%n", differences.size() - 20);
            }
        }
    }
}
