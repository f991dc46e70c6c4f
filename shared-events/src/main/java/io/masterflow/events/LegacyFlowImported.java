package io.masterflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * First event of a flow brought over from the legacy tables: the legacy state as it was, with the ids and the
 * table it came from, so that nothing of the old record is lost even where the new model has no field for it.
 *
 * @param status       the status the legacy row maps to
 * @param legacyStatus the status exactly as the legacy row spelled it
 * @param legacyRecord every column of the legacy row(s), as read
 */
public record LegacyFlowImported(FlowId flowId, FlowTypeRef flowType, String name, Map<String, Object> configuration,
                                 List<PhaseDefinition> phases, FlowStatus status, String legacyStatus,
                                 String legacyFlowId, String sourceTable, Instant legacyCreatedAt,
                                 Map<String, Object> legacyRecord) {

    public LegacyFlowImported {
        configuration = configuration == null ? Map.of() : configuration;
        phases = List.copyOf(phases);
        legacyRecord = legacyRecord == null ? Map.of() : legacyRecord;
    }
}
