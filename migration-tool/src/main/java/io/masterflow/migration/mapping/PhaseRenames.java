package io.masterflow.migration.mapping;

import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Legacy phase names to the phases of the new flow types. Discovery and assessment phases were renamed (the same
 * old name, {@code tech_debt_analysis}, means a different phase in each); other types kept their names. A name that
 * is already the new one is taken as it is.
 */
final class PhaseRenames {

    private static final Map<String, Map<String, String>> RENAMES_BY_TYPE = Map.of(
            "discovery", Map.of(
                    "field_mapping", "attribute_mapping",
                    "asset_inventory", "inventory",
                    "tech_debt_assessment", "tech_debt_analysis"),
            "assessment", Map.of(
                    "architecture_minimums", "readiness_assessment",
                    "tech_debt_analysis", "complexity_analysis",
                    "component_sixr_strategies", "risk_assessment",
                    "app_on_page_generation", "recommendation_generation"));

    /** The discovery_flows completion flags, in phase order, and the phase each one completes. */
    static final Map<String, String> DISCOVERY_FLAGS = Map.of(
            "data_import_completed", "data_import",
            "attribute_mapping_completed", "attribute_mapping",
            "data_cleansing_completed", "data_cleansing",
            "inventory_completed", "inventory",
            "dependencies_completed", "dependency_analysis",
            "tech_debt_completed", "tech_debt_analysis");

    static final List<String> DISCOVERY_FLAG_ORDER = List.of("data_import_completed", "attribute_mapping_completed",
            "data_cleansing_completed", "inventory_completed", "dependencies_completed", "tech_debt_completed");

    private PhaseRenames() {
    }

    /** The pinned phase a legacy name means; empty when the pinned phases have none of that name. */
    static Optional<PhaseName> phase(String flowType, Object legacyName, List<PhaseDefinition> phases) {
        if (!(legacyName instanceof String name) || name.isBlank()) {
            return Optional.empty();
        }
        String normalized = name.strip().toLowerCase(Locale.ROOT);
        String renamed = RENAMES_BY_TYPE.getOrDefault(flowType, Map.of()).getOrDefault(normalized, normalized);
        return phases.stream().map(PhaseDefinition::name).filter(phase -> phase.value().equals(renamed)).findFirst();
    }
}
