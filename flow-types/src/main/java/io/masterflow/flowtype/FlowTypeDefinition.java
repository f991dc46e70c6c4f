package io.masterflow.flowtype;

import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;

import java.util.List;
import java.util.Optional;

/**
 * One version of a flow type: its phases, in the order they run.
 *
 * @param retentionDays how many days a finished or deleted flow of this type is kept after its last event before
 *                      retention archives it; null: kept for ever. The latest version's value is the type's rule.
 */
public record FlowTypeDefinition(String type, int version, String description, List<PhaseDefinition> phases,
                                 Integer retentionDays) {

    public FlowTypeDefinition {
        phases = List.copyOf(phases);
    }

    /** A definition without a retention rule: its flows are kept for ever. */
    public FlowTypeDefinition(String type, int version, String description, List<PhaseDefinition> phases) {
        this(type, version, description, phases, null);
    }

    public FlowTypeRef ref() {
        return new FlowTypeRef(type, version);
    }

    public Optional<PhaseDefinition> phase(PhaseName name) {
        return phases.stream().filter(phase -> phase.name().equals(name)).findFirst();
    }
}
