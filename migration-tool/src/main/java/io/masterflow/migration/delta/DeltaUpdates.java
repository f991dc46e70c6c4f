package io.masterflow.migration.delta;

import io.masterflow.events.FlowId;
import io.masterflow.migration.mapping.MappedFlow;
import io.masterflow.migration.report.MigrationReport;
import io.masterflow.migration.report.Reason;
import io.masterflow.migration.store.EventStoreTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a delta run does with the migrated flows of a batch whose legacy rows changed: the tails to append, and, once
 * they are stored, how the report counts each flow.
 */
public final class DeltaUpdates {

    private record Decided(MappedFlow flow, DeltaComparison.Outcome outcome) {
    }

    private final List<Decided> decided;

    private DeltaUpdates(List<Decided> decided) {
        this.decided = decided;
    }

    /** Reads the stored events of these flows (all present in the store) and compares each with its mapping now. */
    public static DeltaUpdates decide(EventStoreTarget target, List<MappedFlow> present, DeltaComparison comparison) {
        Map<FlowId, List<StoredEvent>> stored = target.storedEvents(present.stream().map(MappedFlow::flowId).toList());
        List<Decided> decided = new ArrayList<>();
        for (MappedFlow flow : present) {
            decided.add(new Decided(flow, comparison.compare(flow, stored.get(flow.flowId()))));
        }
        return new DeltaUpdates(decided);
    }

    public List<Tail> tails() {
        return decided.stream().filter(each -> each.outcome().kind() == DeltaComparison.Kind.APPEND)
                .map(each -> new Tail(each.flow(), each.outcome().from())).toList();
    }

    /** Counts every flow; {@code appended}: whether the tails were stored (false: a failed append, the tails counted apart). */
    public void report(MigrationReport report, boolean appended) {
        for (Decided each : decided) {
            DeltaComparison.Outcome outcome = each.outcome();
            switch (outcome.kind()) {
                case UP_TO_DATE -> report.alreadyMigrated(each.flow(), outcome.detail());
                case APPEND -> {
                    if (appended) {
                        report.updated(each.flow(), each.flow().events().size() - outcome.from(), outcome.detail());
                    }
                }
                case CONTINUED -> report.notUpdated(each.flow(), Reason.CONTINUED_SINCE_MIGRATED, outcome.detail());
                case NOT_APPENDABLE -> report.notUpdated(each.flow(), Reason.CHANGE_NOT_APPENDABLE, outcome.detail());
            }
        }
    }
}
