package io.masterflow.command.task;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A task leased to a worker: the attempt of a phase to do, with its input, until the lease expires. */
public record ClaimedTask(UUID taskId, String flowId, String flowType, String phase, int attempt, Map<String, Object> input,
                          Instant leaseExpiresAt) {
}
