package io.masterflow.legacy.flow;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A flow as the legacy orchestrator answered it: a {@code crewai_flow_state_extensions} row.
 *
 * @param id the flow's own id in masterflow
 */
public record MasterFlow(@JsonProperty("flow_id") String flowId,
                         @JsonProperty("id") String id,
                         @JsonProperty("client_account_id") String clientAccountId,
                         @JsonProperty("engagement_id") String engagementId,
                         @JsonProperty("user_id") String userId,
                         @JsonProperty("flow_type") String flowType,
                         @JsonProperty("flow_name") String flowName,
                         @JsonProperty("flow_status") String flowStatus,
                         @JsonProperty("flow_configuration") Map<String, Object> flowConfiguration,
                         @JsonProperty("current_phase") String currentPhase,
                         @JsonProperty("progress_percentage") double progressPercentage,
                         @JsonProperty("phase_transitions") List<PhaseTransition> phaseTransitions,
                         @JsonProperty("is_deleted") boolean isDeleted,
                         @JsonProperty("created_at") String createdAt,
                         @JsonProperty("updated_at") String updatedAt) {

    public static MasterFlow of(LegacyFlow flow) {
        var view = flow.view();
        return new MasterFlow(flow.flowId(), view.flowId().toString(), view.account().toString(), view.engagement().toString(),
                view.createdBy(), view.flowType().type(), view.name(), flow.status(), flow.configuration(),
                flow.legacyPhase(view.currentPhase()), flow.progressPercentage(), flow.phaseTransitions(), view.deleted(),
                LegacyTime.of(view.createdAt()), LegacyTime.of(view.updatedAt()));
    }
}
