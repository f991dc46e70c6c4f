package io.masterflow.migration.delta;

/**
 * One event of a migrated flow as the store holds it, for a delta run to compare with what the legacy rows give now.
 *
 * @param payload   the serialized payload (JSON)
 * @param metaData  the serialized metadata (JSON)
 * @param timestamp as stored (ISO-8601)
 */
public record StoredEvent(long sequence, String payloadType, byte[] payload, byte[] metaData, String timestamp) {
}
