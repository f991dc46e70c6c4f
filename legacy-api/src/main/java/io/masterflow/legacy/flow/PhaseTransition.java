package io.masterflow.legacy.flow;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One entry of a master flow's {@code phase_transitions}, as the legacy orchestrator stored them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseTransition(String phase, String status, String timestamp, String error) {
}
