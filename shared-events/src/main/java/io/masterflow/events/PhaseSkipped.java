package io.masterflow.events;

/** An optional phase was passed over. */
public record PhaseSkipped(FlowId flowId, PhaseName phase, String reason) {
}
