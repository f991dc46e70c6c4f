package io.masterflow.command.flow;

import io.masterflow.events.FlowId;

/** A command on one flow. {@link FlowCommandTarget} reads the flow from here rather than from annotations. */
public interface FlowCommand {

    FlowId flowId();
}
