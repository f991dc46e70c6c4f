package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Report that a running attempt of a phase succeeded. */
public record CompletePhase(@TargetAggregateIdentifier FlowId flowId, PhaseName phase, int attempt,
                            Map<String, Object> output, Long expectedVersion) implements VersionedCommand {

    public CompletePhase {
        output = output == null ? Map.of() : output;
    }
}
