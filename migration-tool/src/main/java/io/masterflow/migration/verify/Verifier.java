package io.masterflow.migration.verify;

import io.masterflow.events.FlowId;
import io.masterflow.migration.mapping.MappedFlow;
import io.masterflow.migration.report.Verification;
import io.masterflow.migration.report.Verification.Group;
import io.masterflow.migration.report.Verification.ReadModelCheck;
import io.masterflow.migration.report.Verification.Verdict;
import io.masterflow.migration.store.EventStoreTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts the flows the legacy rows map to and compares them with the flows the event store holds and, when it can
 * be read, with the query side's flow-status read model, per client account, engagement, flow type and status.
 *
 * <p>The read model is compared flow by flow as well, against the store's last event of each flow, so that the report
 * can tell a projection that has not caught up (it lags: run again later) from rows that are not what was migrated
 * (it differs), and both from flows continued since the migration (whose status moved on, as it should).
 */
public final class Verifier {

    private static final int LISTED_DIFFERING_FLOWS = 20;

    private final Map<Key, Long> legacy = new TreeMap<>();
    private final Map<Key, Long> readModel = new TreeMap<>();
    private final List<String> differingFlows = new ArrayList<>();
    private String readModelDescription;
    private String notCheckedBecause;
    private long notProjected;
    private long behind;
    private long movedOn;
    private long differing;

    private record Key(String clientAccountId, String engagementId, String flowType, String status) implements Comparable<Key> {

        static Key of(MappedFlow flow) {
            return new Key(flow.account().toString(), flow.engagement().toString(), flow.flowType().type(), flow.status().name());
        }

        static Key of(ReadModel.Row row) {
            return new Key(row.clientAccountId(), row.engagementId(), row.flowType(), row.status());
        }

        @Override
        public int compareTo(Key other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return clientAccountId + "/" + engagementId + "/" + flowType + "/" + status;
        }
    }

    public void expect(MappedFlow flow) {
        legacy.merge(Key.of(flow), 1L, Long::sum);
    }

    public void readModelNotChecked(String reason) {
        notCheckedBecause = reason;
    }

    /** False once the read model could not be opened or was lost: the rest of the run leaves it alone. */
    public boolean readModelReadable() {
        return notCheckedBecause == null;
    }

    /**
     * Compares these migrated flows with their read-model rows.
     *
     * @param lastSequences the store's last sequence number of each flow it holds
     * @param rows          the read model's rows of those flows it holds
     */
    public void compareReadModel(String description, List<MappedFlow> flows, Map<FlowId, Long> lastSequences,
                                 Map<FlowId, ReadModel.Row> rows) {
        readModelDescription = description;
        for (MappedFlow flow : flows) {
            ReadModel.Row row = rows.get(flow.flowId());
            Long stored = lastSequences.get(flow.flowId());
            if (row != null) {
                readModel.merge(Key.of(row), 1L, Long::sum);
            }
            if (stored == null) {
                // not in the store: the store comparison counts it; a row for it cannot come from the projection
                if (row != null) {
                    differs(flow, "not in the event store", row);
                }
            } else if (row == null) {
                notProjected++;
            } else if (row.version() < stored) {
                behind++;
            } else if (stored > flow.events().size() - 1) {
                movedOn++;
            } else if (!Key.of(row).equals(Key.of(flow))) {
                differs(flow, "migrated as " + Key.of(flow), row);
            }
        }
    }

    private void differs(MappedFlow flow, String expected, ReadModel.Row row) {
        differing++;
        if (differingFlows.size() < LISTED_DIFFERING_FLOWS) {
            differingFlows.add("flow " + flow.flowId() + " (legacy " + flow.legacyFlowId() + "): " + expected
                    + ", read model has " + Key.of(row) + " at version " + row.version());
        }
    }

    /** @param legacyRowsReported legacy rows the mapping reports, which the store is not expected to hold */
    public Verification compareWith(EventStoreTarget target, long legacyRowsReported) {
        Map<Key, Long> stored = new TreeMap<>();
        target.importedFlowCounts((account, engagement, type, status, count) ->
                stored.merge(new Key(account, engagement, type, status), count, Long::sum));
        boolean readModelChecked = notCheckedBecause == null && readModelDescription != null;
        TreeSet<Key> keys = new TreeSet<>(legacy.keySet());
        keys.addAll(stored.keySet());
        if (readModelChecked) {
            keys.addAll(readModel.keySet());
        }
        List<Group> groups = new ArrayList<>();
        for (Key key : keys) {
            groups.add(new Group(key.clientAccountId(), key.engagementId(), key.flowType(), key.status(),
                    legacy.getOrDefault(key, 0L), stored.getOrDefault(key, 0L),
                    readModelChecked ? readModel.getOrDefault(key, 0L) : null));
        }
        ReadModelCheck check = readModelChecked ? readModelCheck(groups) : ReadModelCheck.notChecked(
                notCheckedBecause != null ? notCheckedBecause : "there are no migrated flows to look up");
        boolean storeMatches = groups.stream().allMatch(group -> group.legacy() == group.eventStore());
        return new Verification(storeMatches && (!check.checked() || check.verdict() == Verdict.AGREES),
                total(legacy), total(stored), legacyRowsReported, groups, check);
    }

    private ReadModelCheck readModelCheck(List<Group> groups) {
        boolean groupsMatch = groups.stream().allMatch(group -> group.readModel() == group.legacy());
        Verdict verdict;
        if (differing > 0) {
            verdict = Verdict.DIFFERS;
        } else if (notProjected + behind > 0) {
            verdict = Verdict.LAGS;
        } else if (movedOn > 0 && !groupsMatch) {
            verdict = Verdict.MOVED_ON;
        } else {
            // a flow the store lacks is a difference of the store, already counted there
            verdict = Verdict.AGREES;
        }
        return new ReadModelCheck(verdict, null, readModelDescription, total(readModel), notProjected, behind, movedOn,
                differing, differingFlows);
    }

    private static long total(Map<Key, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
