package io.masterflow.events;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Collections;

/**
 * The legacy platform's phase names and the phases of the flow types they became: the migration tool reads legacy
 * names into phases, the legacy API writes phases back as legacy names. Discovery and assessment phases were renamed
 * (the same old name, {@code tech_debt_analysis}, means a different phase in each); other types kept their names.
 */
public final class LegacyPhaseNames {

    private static final Map<String, Map<String, String>> NEW_BY_LEGACY = Map.of(
            "discovery", Map.of(
                    "field_mapping", "attribute_mapping",
                    "asset_inventory", "inventory",
                    "tech_debt_assessment", "tech_debt_analysis"),
            "assessment", Map.of(
                    "architecture_minimums", "readiness_assessment",
                    "tech_debt_analysis", "complexity_analysis",
                    "component_sixr_strategies", "risk_assessment",
                    "app_on_page_generation", "recommendation_generation"));

    private static final Map<String, Map<String, String>> LEGACY_BY_NEW = Map.of(
            "discovery", inverse(NEW_BY_LEGACY.get("discovery")),
            "assessment", inverse(NEW_BY_LEGACY.get("assessment")));

    /** The discovery_flows completion flags, in phase order (iteration keeps it), and the phase each one stands for. */
    public static final Map<String, String> DISCOVERY_FLAGS = discoveryFlags();

    private LegacyPhaseNames() {
    }

    /** The phase a legacy name means in a flow type, in any case; a name that is already a new one is kept. */
    public static String toPhase(String flowType, String legacyName) {
        String normalized = legacyName.strip().toLowerCase(Locale.ROOT);
        return NEW_BY_LEGACY.getOrDefault(flowType, Map.of()).getOrDefault(normalized, normalized);
    }

    /** The name the legacy platform gave a phase of a flow type. */
    public static String toLegacy(String flowType, String phase) {
        return LEGACY_BY_NEW.getOrDefault(flowType, Map.of()).getOrDefault(phase, phase);
    }

    private static Map<String, String> inverse(Map<String, String> map) {
        Map<String, String> inverse = new LinkedHashMap<>();
        map.forEach((key, value) -> inverse.put(value, key));
        return Map.copyOf(inverse);
    }

    private static Map<String, String> discoveryFlags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data_import_completed", "data_import");
        flags.put("attribute_mapping_completed", "attribute_mapping");
        flags.put("data_cleansing_completed", "data_cleansing");
        flags.put("inventory_completed", "inventory");
        flags.put("dependencies_completed", "dependency_analysis");
        flags.put("tech_debt_completed", "tech_debt_analysis");
        return Collections.unmodifiableMap(flags);
    }
}
