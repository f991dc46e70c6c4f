package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Hold the flow: a running attempt may still report, but nothing new starts until it is resumed. */
public record PauseFlow(@TargetAggregateIdentifier FlowId flowId, String reason, Long expectedVersion)
        implements VersionedCommand {
}
