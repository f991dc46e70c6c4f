package io.masterflow.events;

import java.time.Duration;
import java.util.Map;

/** An attempt of a phase finished successfully, after {@code duration} from its start. */
public record PhaseCompleted(FlowId flowId, PhaseName phase, int attempt, Map<String, Object> output, Duration duration) {

    public PhaseCompleted {
        output = output == null ? Map.of() : output;
    }
}
