package io.masterflow.events;

/** Every phase of the flow is completed or skipped. */
public record FlowCompleted(FlowId flowId) {
}
