package io.masterflow.query.flow.web;

import io.masterflow.events.FlowStatus;
import io.masterflow.query.flow.FlowSummary;
import io.masterflow.query.flow.FlowView;
import io.masterflow.query.flow.PhaseState;
import io.masterflow.query.flow.PhaseView;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the flow query API. */
public final class FlowResponses {

    private FlowResponses() {
    }

    public record FlowListResponse(List<FlowItem> items, @Nullable String nextCursor) {
    }

    public record FlowItem(String flowId, String engagementId, String flowType, int flowTypeVersion, String name,
                           @Schema(implementation = FlowStatus.class) String status, @Nullable String currentPhase,
                           Instant createdAt, @Nullable String createdBy, Instant updatedAt, @Nullable String lastUser,
                           long version, boolean deleted) {

        static FlowItem of(FlowSummary flow) {
            return new FlowItem(flow.flowId().toString(), flow.engagement().toString(), flow.flowType().type(),
                    flow.flowType().version(), flow.name(), flow.status().name(), flow.currentPhase(), flow.createdAt(),
                    flow.createdBy(), flow.updatedAt(), flow.lastUser(), flow.version(), flow.deleted());
        }
    }

    /** @param legacyFlowId the id the legacy platform knew the flow by, for a migrated flow; else null */
    public record FlowDetails(String flowId, String clientAccountId, String engagementId, String flowType,
                              int flowTypeVersion, String name, @Nullable String legacyFlowId, Map<String, Object> configuration,
                              @Schema(implementation = FlowStatus.class) String status, @Nullable String currentPhase,
                              boolean autoAdvance, Instant createdAt, @Nullable String createdBy, Instant updatedAt,
                              @Nullable String lastUser, long version, boolean deleted, List<PhaseDetails> phases) {

        public static FlowDetails of(FlowView flow) {
            return new FlowDetails(flow.flowId().toString(), flow.account().toString(), flow.engagement().toString(),
                    flow.flowType().type(), flow.flowType().version(), flow.name(), flow.legacyFlowId(), flow.configuration(),
                    flow.status().name(),
                    flow.currentPhase(), flow.autoAdvance(), flow.createdAt(), flow.createdBy(), flow.updatedAt(),
                    flow.lastUser(), flow.version(), flow.deleted(), flow.phases().stream().map(PhaseDetails::of).toList());
        }
    }

    /** @param durationMs how long the last finished attempt ran */
    public record PhaseDetails(int position, String name, boolean required, PhaseState state, int attempts,
                               @Nullable Instant startedAt, @Nullable Instant lastAttemptStartedAt, @Nullable Instant finishedAt,
                               @Nullable Long durationMs, @Nullable String lastError, @Nullable Instant nextAttemptAt) {

        static PhaseDetails of(PhaseView phase) {
            return new PhaseDetails(phase.position(), phase.name(), phase.required(), phase.state(), phase.attempts(),
                    phase.startedAt(), phase.lastAttemptStartedAt(), phase.finishedAt(),
                    phase.duration() == null ? null : phase.duration().toMillis(), phase.lastError(), phase.nextAttemptAt());
        }
    }
}
