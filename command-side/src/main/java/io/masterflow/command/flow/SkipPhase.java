package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Pass over the next pending phase, which must be optional. */
public record SkipPhase(@TargetAggregateIdentifier FlowId flowId, PhaseName phase, String reason,
                        Long expectedVersion) implements VersionedCommand {
}
