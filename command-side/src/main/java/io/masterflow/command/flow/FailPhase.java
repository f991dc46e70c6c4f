package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Report that a running attempt of a phase failed; a retryable failure may earn another attempt. */
public record FailPhase(@TargetAggregateIdentifier FlowId flowId, PhaseName phase, int attempt, String error,
                        boolean retryable, Long expectedVersion) implements VersionedCommand {
}
