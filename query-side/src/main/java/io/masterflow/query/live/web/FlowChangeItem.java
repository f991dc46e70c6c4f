package io.masterflow.query.live.web;

import io.masterflow.events.FlowStatus;
import io.masterflow.query.live.FlowChange;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;

/** The data of a {@code flow} event of the live stream: what a dashboard shows of a flow. */
public record FlowChangeItem(String flowId, String engagementId, String flowType, String name,
                             @Schema(implementation = FlowStatus.class) String status,
                             @Nullable String currentPhase, long version, Instant updatedAt) {

    static FlowChangeItem of(FlowChange change) {
        return new FlowChangeItem(change.flowId().toString(), change.engagement().toString(), change.flowType(),
                change.name(), change.status().name(), change.currentPhase(), change.version(), change.updatedAt());
    }
}
