package io.masterflow.events;

/** The flow was paused: nothing new starts until it is resumed. */
public record FlowPaused(FlowId flowId, String reason) {
}
