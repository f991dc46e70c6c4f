package io.masterflow.command.worker;

import java.time.Instant;
import java.util.UUID;

/** A task as stored, for the checks before a worker's report is passed on to its flow. */
public record TaskRecord(UUID taskId, String flowId, String clientAccountId, String engagementId, String flowType,
                         String phase, int attempt, String handler, String status, String workerId, Instant claimedAt,
                         Instant heartbeatAt, Instant leaseExpiresAt) {
}
