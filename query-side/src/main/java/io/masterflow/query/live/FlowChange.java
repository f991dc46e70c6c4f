package io.masterflow.query.live;

import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;

import java.time.Instant;

/** A flow as one committed batch of the flow-status projection left it, at its place in the change log. */
public record FlowChange(ChangePosition position, FlowId flowId, EngagementId engagement, String flowType, String name,
                         FlowStatus status, String currentPhase, long version, Instant updatedAt) {
}
