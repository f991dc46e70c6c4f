package io.masterflow.events;

/** A phase ran out of attempts; an operator may start it again. */
public record FlowFailed(FlowId flowId, PhaseName phase, String lastError) {
}
