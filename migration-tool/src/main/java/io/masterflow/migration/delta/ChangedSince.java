package io.masterflow.migration.delta;

import io.masterflow.migration.legacy.LegacyRow;
import io.masterflow.migration.legacy.LegacyUnit;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which legacy units a delta run takes: those with a row created or updated after the starting point. The legacy
 * services stamp {@code updated_at} on every change of a flow row and {@code created_at} on an asset (which they never
 * change afterwards), so a unit none of whose rows moved is exactly as the earlier run read it.
 */
public final class ChangedSince {

    private static final List<String> TIME_COLUMNS = List.of("updated_at", "created_at");

    private final Instant since;

    public ChangedSince(Instant since) {
        this.since = since;
    }

    public boolean test(LegacyUnit unit) {
        return rows(unit).anyMatch(this::changed);
    }

    private boolean changed(LegacyRow row) {
        return TIME_COLUMNS.stream().map(row::instant).anyMatch(at -> at != null && at.isAfter(since));
    }

    static Stream<LegacyRow> rows(LegacyUnit unit) {
        return Stream.of(Stream.ofNullable(unit.master()), unit.discoveryRows().stream(), unit.assessmentRows().stream(),
                unit.assetsByDiscovery().values().stream().flatMap(List::stream), unit.strayAssets().stream()).flatMap(s -> s);
    }

    /** Every row of the unit: a unit left out is counted row by row as unchanged. */
    public static List<LegacyRow> allRows(LegacyUnit unit) {
        return rows(unit).toList();
    }
}
