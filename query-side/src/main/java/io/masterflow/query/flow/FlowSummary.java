package io.masterflow.query.flow;

import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.FlowTypeRef;

import java.time.Instant;

/** A flow as a list shows it: no phases. */
public record FlowSummary(FlowId flowId, EngagementId engagement, FlowTypeRef flowType, String name, FlowStatus status,
                          String currentPhase, Instant createdAt, String createdBy, Instant updatedAt, String lastUser,
                          long version, boolean deleted) {
}
