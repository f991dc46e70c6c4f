package io.masterflow.command.task;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;

import java.util.Map;

/** One attempt of a phase for a {@link PhaseHandler}: where it belongs and its input. */
public record PhaseWork(FlowId flowId, ClientAccountId account, EngagementId engagement, String flowType, PhaseName phase,
                        int attempt, Map<String, Object> input) {

    public PhaseWork {
        input = input == null ? Map.of() : input;
    }
}
