package io.masterflow.command.flow.web;

import io.masterflow.web.MultiLine;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** The JSON bodies the command API accepts. */
final class FlowRequests {

    private FlowRequests() {
    }

    record CreateFlowRequest(@NotBlank @Size(max = 50) String flowType,
                             @NotBlank @Size(max = 255) String name,
                             Map<String, Object> configuration,
                             Boolean autoAdvance) {
    }

    record ExecutePhaseRequest(String phase, Map<String, Object> input, Long expectedVersion) {
    }

    record CompletePhaseRequest(@NotNull @Positive Integer attempt, Map<String, Object> output, Long expectedVersion) {
    }

    record FailPhaseRequest(@NotNull @Positive Integer attempt, @NotBlank @Size(max = 4000) @MultiLine String error,
                            @NotNull Boolean retryable, Long expectedVersion) {
    }

    record RewindRequest(@NotBlank @Size(max = 64) String toPhase, @Size(max = 1000) String reason, Long expectedVersion) {
    }

    /** Skip, pause and resume take an optional reason and the version the caller saw. */
    record ReasonRequest(@Size(max = 1000) @MultiLine String reason, Long expectedVersion) {

        static final ReasonRequest NONE = new ReasonRequest(null, null);
    }
}
