package io.masterflow.query.history;

import io.masterflow.query.flow.FlowEvent;

import java.time.Instant;
import java.util.Map;

/**
 * One event of a flow as the event store holds it.
 *
 * @param type    the payload's type name without its package ({@code PhaseStarted})
 * @param payload the deserialized payload (or Axon's UnknownSerializedType for a type this side does not know)
 */
public record StoredEvent(String eventId, long sequence, String type, Instant timestamp, Object payload,
                          Map<String, Object> metaData) {

    public FlowEvent asFlowEvent() {
        return new FlowEvent(payload, metaData, timestamp, sequence);
    }
}
