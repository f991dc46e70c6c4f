package io.masterflow.flowtype;

import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;

import java.util.List;
import java.util.Optional;

/** One version of a flow type: its phases, in the order they run. */
public record FlowTypeDefinition(String type, int version, String description, List<PhaseDefinition> phases) {

    public FlowTypeDefinition {
        phases = List.copyOf(phases);
    }

    public FlowTypeRef ref() {
        return new FlowTypeRef(type, version);
    }

    public Optional<PhaseDefinition> phase(PhaseName name) {
        return phases.stream().filter(phase -> phase.name().equals(name)).findFirst();
    }
}
