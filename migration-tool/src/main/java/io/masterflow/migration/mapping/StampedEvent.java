package io.masterflow.migration.mapping;

import io.masterflow.migration.legacy.LegacyTable;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a migrated flow, with the legacy time it happened and the legacy row that records it.
 *
 * @param sourceTable the table of the row that records the event
 * @param legacyId    the id of that row
 */
public record StampedEvent(Object payload, Instant timestamp, LegacyTable sourceTable, String legacyId) {

    public StampedEvent {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timestamp, "timestamp of " + payload.getClass().getSimpleName());
    }

    StampedEvent withPayload(Object replaced) {
        return new StampedEvent(replaced, timestamp, sourceTable, legacyId);
    }
}
