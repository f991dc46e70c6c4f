package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * Create a flow under an id just drawn at random (a request without an idempotency key): no flow can exist under it,
 * so none is looked for in the event store first. {@link CreateFlow} on its own is the repeatable creation.
 */
public record CreateNewFlow(CreateFlow flow) implements FlowCommand {

    public CreateNewFlow {
        Objects.requireNonNull(flow, "flow");
    }

    @Override
    @TargetAggregateIdentifier
    public FlowId flowId() {
        return flow.flowId();
    }
}
