package io.masterflow.query.flow;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One stored event of a flow, as the read side sees it: the payload (an event of the contract, or anything newer
 * this side does not know), the metadata the command side stamped, when it was stored and its sequence number in
 * the flow (the flow's version after it). Its time is kept to the microsecond, as PostgreSQL keeps it, so that a
 * state rebuilt from events and the same state read from the read model are equal.
 */
public record FlowEvent(Object payload, Map<String, ?> metaData, Instant timestamp, long sequence) {

    public FlowEvent {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timestamp, "timestamp");
        metaData = metaData == null ? Map.of() : metaData;
        timestamp = Precision.of(timestamp);
    }

    public String metaDataValue(String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
