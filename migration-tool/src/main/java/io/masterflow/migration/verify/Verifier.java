package io.masterflow.migration.verify;

import io.masterflow.migration.mapping.MappedFlow;
import io.masterflow.migration.report.Verification;
import io.masterflow.migration.report.Verification.Group;
import io.masterflow.migration.store.EventStoreTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts the flows the legacy rows map to and compares them with the flows the event store holds, per client
 * account, engagement, flow type and mapped status.
 */
public final class Verifier {

    private final Map<Key, Long> legacy = new TreeMap<>();

    private record Key(String clientAccountId, String engagementId, String flowType, String status) implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            return toString().compareTo(other.toString());
        }
    }

    public void expect(MappedFlow flow) {
        legacy.merge(new Key(flow.account().toString(), flow.engagement().toString(), flow.flowType().type(),
                flow.status().name()), 1L, Long::sum);
    }

    /** @param legacyRowsReported legacy rows the mapping reports, which the store is not expected to hold */
    public Verification compareWith(EventStoreTarget target, long legacyRowsReported) {
        Map<Key, Long> stored = new TreeMap<>();
        target.importedFlowCounts((account, engagement, type, status, count) ->
                stored.merge(new Key(account, engagement, type, status), count, Long::sum));
        List<Group> groups = new ArrayList<>();
        for (Key key : new TreeSet<>(concat(legacy, stored))) {
            groups.add(new Group(key.clientAccountId(), key.engagementId(), key.flowType(), key.status(),
                    legacy.getOrDefault(key, 0L), stored.getOrDefault(key, 0L)));
        }
        long legacyFlows = legacy.values().stream().mapToLong(Long::longValue).sum();
        long storedFlows = stored.values().stream().mapToLong(Long::longValue).sum();
        return new Verification(groups.stream().allMatch(Group::matches), legacyFlows, storedFlows, legacyRowsReported, groups);
    }

    private static List<Key> concat(Map<Key, Long> first, Map<Key, Long> second) {
        List<Key> keys = new ArrayList<>(first.keySet());
        keys.addAll(second.keySet());
        return keys;
    }
}
