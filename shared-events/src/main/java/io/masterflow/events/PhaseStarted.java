package io.masterflow.events;

import java.util.Map;

/** An attempt of a phase began; attempts are numbered from 1 and keep counting across retries. */
public record PhaseStarted(FlowId flowId, PhaseName phase, int attempt, Map<String, Object> input) {

    public PhaseStarted {
        input = input == null ? Map.of() : input;
    }
}
