package io.masterflow.legacy.flow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A discovery flow as the legacy discovery service answered it: a {@code discovery_flows} row. The six completion
 * flags mean that phase is finished (completed, or skipped as optional).
 *
 * @param masterFlowId the flow's own id in masterflow (the legacy master row it stands for is the flow itself now)
 */
public record DiscoveryFlow(@JsonProperty("flow_id") String flowId,
                            @JsonProperty("master_flow_id") String masterFlowId,
                            @JsonProperty("client_account_id") String clientAccountId,
                            @JsonProperty("engagement_id") String engagementId,
                            @JsonProperty("user_id") String userId,
                            @JsonProperty("flow_name") String flowName,
                            @JsonProperty("status") String status,
                            @JsonProperty("current_phase") String currentPhase,
                            @JsonProperty("progress_percentage") double progressPercentage,
                            @JsonProperty("data_import_completed") boolean dataImportCompleted,
                            @JsonProperty("attribute_mapping_completed") boolean attributeMappingCompleted,
                            @JsonProperty("data_cleansing_completed") boolean dataCleansingCompleted,
                            @JsonProperty("inventory_completed") boolean inventoryCompleted,
                            @JsonProperty("dependencies_completed") boolean dependenciesCompleted,
                            @JsonProperty("tech_debt_completed") boolean techDebtCompleted,
                            @JsonProperty("error_message") String errorMessage,
                            @JsonProperty("created_at") String createdAt,
                            @JsonProperty("updated_at") String updatedAt,
                            @JsonProperty("completed_at") String completedAt) {

    public static DiscoveryFlow of(LegacyFlow flow) {
        var view = flow.view();
        var flags = flow.discoveryFlags();
        return new DiscoveryFlow(flow.flowId(), view.flowId().toString(), view.account().toString(),
                view.engagement().toString(), view.createdBy(), view.name(), flow.status(),
                flow.legacyPhase(view.currentPhase()), flow.progressPercentage(),
                flags.get("data_import_completed"), flags.get("attribute_mapping_completed"),
                flags.get("data_cleansing_completed"), flags.get("inventory_completed"),
                flags.get("dependencies_completed"), flags.get("tech_debt_completed"), flow.errorMessage(),
                LegacyTime.of(view.createdAt()), LegacyTime.of(view.updatedAt()), LegacyTime.of(flow.completedAt()));
    }
}
