package io.masterflow.migration.legacy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/** The four legacy tables, with the columns the migration reads from each (other columns are kept, not required). */
public enum LegacyTable {

    MASTER("crewai_flow_state_extensions", List.of("id", "flow_id", "client_account_id", "engagement_id", "user_id",
            "flow_type", "flow_name", "flow_status", "flow_configuration", "phase_transitions", "error_history",
            "is_deleted", "created_at", "updated_at")),
    DISCOVERY("discovery_flows", List.of("id", "flow_id", "master_flow_id", "client_account_id", "engagement_id", "user_id",
            "flow_name", "status", "current_phase", "data_import_completed", "attribute_mapping_completed",
            "data_cleansing_completed", "inventory_completed", "dependencies_completed", "tech_debt_completed",
            "error_message", "created_at", "updated_at", "completed_at")),
    ASSESSMENT("assessment_flows", List.of("id", "master_flow_id", "client_account_id", "engagement_id", "created_by",
            "status", "current_phase", "phase_results", "pause_points", "created_at", "updated_at", "completed_at")),
    ASSETS("assets", List.of("id", "discovery_flow_id", "client_account_id", "engagement_id", "name", "asset_type",
            "validation_status", "created_at"));

    private final String tableName;
    private final List<String> requiredColumns;

    LegacyTable(String tableName, List<String> requiredColumns) {
        this.tableName = tableName;
        this.requiredColumns = requiredColumns;
    }

    @JsonValue
    public String tableName() {
        return tableName;
    }

    public List<String> requiredColumns() {
        return requiredColumns;
    }

    @Override
    public String toString() {
        return tableName;
    }
}
