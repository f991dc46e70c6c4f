package io.masterflow.query.live.web;

import io.masterflow.query.live.FlowChange;

import java.time.Instant;

/** The data of a {@code flow} event of the live stream: what a dashboard shows of a flow. */
public record FlowChangeItem(String flowId, String engagementId, String flowType, String name, String status,
                             String currentPhase, long version, Instant updatedAt) {

    static FlowChangeItem of(FlowChange change) {
        return new FlowChangeItem(change.flowId().toString(), change.engagement().toString(), change.flowType(),
                change.name(), change.status().name(), change.currentPhase(), change.version(), change.updatedAt());
    }
}
