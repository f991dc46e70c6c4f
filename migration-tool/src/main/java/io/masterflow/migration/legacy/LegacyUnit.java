package io.masterflow.migration.legacy;

import java.util.List;
import java.util.Map;

/**
 * Legacy rows that belong together: a master row with every child row that names it (by {@code master_flow_id}, or
 * by {@code flow_id} for discovery rows) and the assets of those discovery rows; or a child row no master names,
 * with its assets; or assets whose discovery flow does not exist.
 *
 * @param master             the master row, or null
 * @param discoveryRows      discovery rows of the master, or the one orphan discovery row
 * @param assessmentRows     assessment rows of the master, or the one orphan assessment row
 * @param assetsByDiscovery  assets by the id of their discovery row
 * @param strayAssets        assets whose discovery row does not exist
 */
public record LegacyUnit(LegacyRow master, List<LegacyRow> discoveryRows, List<LegacyRow> assessmentRows,
                         Map<String, List<LegacyRow>> assetsByDiscovery, List<LegacyRow> strayAssets) {

    public LegacyUnit {
        discoveryRows = List.copyOf(discoveryRows);
        assessmentRows = List.copyOf(assessmentRows);
        assetsByDiscovery = Map.copyOf(assetsByDiscovery);
        strayAssets = List.copyOf(strayAssets);
    }

    public List<LegacyRow> assetsOf(LegacyRow discoveryRow) {
        return assetsByDiscovery.getOrDefault(discoveryRow.id(), List.of());
    }

    /** How many legacy rows the unit holds, for progress. */
    public int rowCount() {
        return (master == null ? 0 : 1) + discoveryRows.size() + assessmentRows.size() + strayAssets.size()
                + assetsByDiscovery.values().stream().mapToInt(List::size).sum();
    }
}
