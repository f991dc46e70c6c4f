package io.masterflow.migration.mapping;

import io.masterflow.events.LegacyPhaseNames;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;

import java.util.List;
import java.util.Optional;

/** Legacy phase names to the phases a flow pinned (the renames are {@link LegacyPhaseNames}'). */
final class PhaseRenames {

    private PhaseRenames() {
    }

    /** The pinned phase a legacy name means; empty when the pinned phases have none of that name. */
    static Optional<PhaseName> phase(String flowType, Object legacyName, List<PhaseDefinition> phases) {
        if (!(legacyName instanceof String name) || name.isBlank()) {
            return Optional.empty();
        }
        String renamed = LegacyPhaseNames.toPhase(flowType, name);
        return phases.stream().map(PhaseDefinition::name).filter(phase -> phase.value().equals(renamed)).findFirst();
    }
}
