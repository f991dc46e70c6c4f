package io.masterflow.events;

import java.util.List;
import java.util.Map;

/** A flow was created; tenant, engagement and user are in the event's metadata. */
public record FlowCreated(FlowId flowId, FlowTypeRef flowType, String name, Map<String, Object> configuration,
                          List<PhaseDefinition> phases, boolean autoAdvance) {

    public FlowCreated {
        configuration = configuration == null ? Map.of() : configuration;
        phases = List.copyOf(phases);
    }
}
