package io.masterflow.command.task.web;

import io.masterflow.web.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/** The JSON bodies the worker API accepts. */
final class TaskRequests {

    private TaskRequests() {
    }

    /**
     * @param maxTasks    how many tasks to lease at most (1 to 100, default 1)
     * @param waitSeconds how long to wait for work when there is none (0 to the configured maximum, default 0)
     */
    record ClaimRequest(@Size(max = 50) List<@NotBlank String> flowTypes, @Size(max = 100) List<@NotBlank String> phases,
                        @Min(1) @Max(100) Integer maxTasks, @Min(0) Integer waitSeconds) {
    }

    /** @param next when present, the worker's next claim, answered with the report (its tasks in the answer's next) */
    record CompleteTaskRequest(Map<String, Object> output, @Size(max = 1_000_000) List<@Valid AssetRequest> assets,
                               @Valid ClaimRequest next) {
    }

    record AssetRequest(@NotBlank @Size(max = 255) String assetId, @NotBlank @Size(max = 1000) String name,
                        @Size(max = 100) String kind, Map<String, Object> attributes) {
    }

    /** @param next as for a completion */
    record FailTaskRequest(@NotBlank @Size(max = 4000) @MultiLine String error, @NotNull Boolean retryable, @Valid ClaimRequest next) {
    }
}
