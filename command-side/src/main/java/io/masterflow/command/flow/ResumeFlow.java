package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Let a paused flow go on from the status it had. */
public record ResumeFlow(@TargetAggregateIdentifier FlowId flowId, String reason, Long expectedVersion)
        implements VersionedCommand {
}
