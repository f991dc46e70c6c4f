package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take the flow back to a phase it has reached: that phase and every later one run again. */
public record RewindFlow(@TargetAggregateIdentifier FlowId flowId, PhaseName toPhase, String reason, Long expectedVersion)
        implements VersionedCommand {
}
