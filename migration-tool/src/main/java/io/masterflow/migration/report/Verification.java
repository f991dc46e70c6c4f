package io.masterflow.migration.report;

import java.io.PrintStream;
import java.util.List;

/**
 * Legacy flows against the event store and the query side's read model, counted per client account, engagement,
 * flow type and status. The legacy side counts the flows the mapping migrates (reported rows are not expected in
 * the store); the store side counts LegacyFlowImported events, whose status is the mapped status at import; the read
 * model side counts the migrated flows' rows of {@code flow_status}, as the query side shows them now.
 *
 * @param matches true when every group agrees, and the read model (when checked) agrees flow by flow
 */
public record Verification(boolean matches, long legacyFlows, long storedFlows, long legacyRowsReported, List<Group> groups,
                           ReadModelCheck readModel) {

    public Verification {
        groups = List.copyOf(groups);
    }

    /** @param readModel null when the read model was not checked */
    public record Group(String clientAccountId, String engagementId, String flowType, String status, long legacy,
                        long eventStore, Long readModel) {

        public boolean matches() {
            return legacy == eventStore && (readModel == null || readModel == legacy);
        }
    }

    public enum Verdict {
        /** Every migrated flow is in the read model as it was migrated. */
        AGREES,
        /** Only flows the projection has not caught up with (absent, or behind the store) make the difference. */
        LAGS,
        /** Flows continued through the command API since the migration: their status is their own now. */
        MOVED_ON,
        /** A migrated flow the read model holds, up to date, with another owner, type or status. */
        DIFFERS,
        NOT_CHECKED
    }

    /**
     * The read model's side, flow by flow: each migrated flow's row against the store's last event of that flow.
     *
     * @param flows          migrated flows the read model holds
     * @param notProjected   migrated flows in the store that the read model does not hold yet
     * @param behind         flows whose row reflects fewer events than the store holds
     * @param movedOn        flows the store holds more events of than the migration appended, projected up to date
     * @param differing      up-to-date rows that are not what was migrated, or rows of flows the store lacks
     * @param differingFlows the first of them, each with what was migrated and what the read model holds
     */
    public record ReadModelCheck(Verdict verdict, String reason, String readModel, long flows, long notProjected, long behind,
                                 long movedOn, long differing, List<String> differingFlows) {

        public ReadModelCheck {
            differingFlows = List.copyOf(differingFlows);
        }

        public static ReadModelCheck notChecked(String reason) {
            return new ReadModelCheck(Verdict.NOT_CHECKED, reason, null, 0, 0, 0, 0, 0, List.of());
        }

        public boolean checked() {
            return verdict != Verdict.NOT_CHECKED;
        }

        void printSummary(PrintStream out) {
            switch (verdict) {
                case NOT_CHECKED -> out.printf("readModel: not checked, because %s%n", reason);
                case AGREES -> out.printf("readModel: agrees; %d migrated flows in flow_status of %s%n", flows, readModel);
                case LAGS -> out.printf("readModel: LAGS (the projection has not caught up; run --verify again later): "
                        + "%d migrated flows not projected yet, %d behind the event store; %d in flow_status of %s%n",
                        notProjected, behind, flows, readModel);
                case MOVED_ON -> out.printf("readModel: MOVED ON: %d migrated flows were continued since the migration, so "
                        + "their status is their own now (verify before reopening; the event-store comparison still holds); "
                        + "%d in flow_status of %s%n", movedOn, flows, readModel);
                case DIFFERS -> {
                    out.printf("readModel: DIFFERS: %d migrated flows are up to date in flow_status of %s but not as migrated"
                            + " (besides: %d not projected yet, %d behind, %d moved on)%n", differing, readModel, notProjected,
                            behind, movedOn);
                    differingFlows.forEach(flow -> out.printf("  %s%n", flow));
                }
            }
        }
    }

    public List<Group> differences() {
        return groups.stream().filter(group -> !group.matches()).toList();
    }

    void printSummary(PrintStream out) {
        out.printf("verification: %s; %d legacy flows to be migrated, %d in the event store, %d groups, %d legacy rows reported%n",
                !matches ? "DIFFERENCES" : readModel.checked() ? "legacy, event store and read model agree" : "legacy and event store agree", legacyFlows, storedFlows, groups.size(),
                legacyRowsReported);
        readModel.printSummary(out);
        List<Group> differences = differences();
        if (!differences.isEmpty()) {
            out.printf("  %-36s %-36s %-14s %-10s %8s %8s %10s%n", "client account", "engagement", "type", "status", "legacy",
                    "store", "readModel");
            differences.stream().limit(20).forEach(group -> out.printf("  %-36s %-36s %-14s %-10s %8d %8d %10s%n",
                    group.clientAccountId(), group.engagementId(), group.flowType(), group.status(), group.legacy(),
                    group.eventStore(), group.readModel() == null ? "-" : group.readModel().toString()));
            if (differences.size() > 20) {
                out.printf("  ... and %d more (the JSON report lists them all)%n", differences.size() - 20);
            }
        }
    }
}
