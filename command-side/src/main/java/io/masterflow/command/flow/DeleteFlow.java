package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Soft-delete the flow: its history stays readable, it takes no further commands. */
public record DeleteFlow(@TargetAggregateIdentifier FlowId flowId, String reason, Long expectedVersion)
        implements VersionedCommand {
}
