package io.masterflow.events;

/** A paused flow goes on from the status it had. */
public record FlowResumed(FlowId flowId, String reason) {
}
