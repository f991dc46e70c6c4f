package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Start the next attempt of a phase; {@code phase == null} means the next pending one. */
public record StartPhase(@TargetAggregateIdentifier FlowId flowId, PhaseName phase, Map<String, Object> input,
                         Long expectedVersion) implements VersionedCommand {

    public StartPhase {
        input = input == null ? Map.of() : input;
    }
}
