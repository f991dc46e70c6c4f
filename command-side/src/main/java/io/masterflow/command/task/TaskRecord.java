package io.masterflow.command.task;

import io.masterflow.events.PhaseDefinition;

import java.time.Instant;
import java.util.UUID;

/** A task as stored, for the checks before a worker's report is passed on to its flow. */
public record TaskRecord(UUID taskId, String flowId, String clientAccountId, String engagementId, String flowType,
                         String phase, int attempt, String handler, TaskStatus status, String workerId, Instant claimedAt,
                         Instant heartbeatAt, Instant leaseExpiresAt) {

    /**
     * The lease rule: a worker reports on (or keeps alive) only an external task it holds the lease of. This task if
     * so; refused with the reason otherwise, an in-process handler's task being unknown to workers.
     */
    public TaskRecord leasedTo(String worker) {
        String id = taskId.toString();
        if (!PhaseDefinition.EXTERNAL.equals(handler)) {
            throw LeaseRefused.unknown(id);
        }
        String attemptOf = "attempt " + attempt + " of phase " + phase + " of flow " + flowId;
        return switch (status) {
            case CLAIMED -> {
                if (!workerId.equals(worker)) {
                    throw LeaseRefused.because("task " + id + " is leased to another worker");
                }
                yield this;
            }
            case AVAILABLE -> throw LeaseRefused.because("task " + id + " is not leased; claim it first");
            case DONE -> throw LeaseRefused.because(attemptOf + " is over; a late or repeated report changes nothing");
            default -> throw LeaseRefused.because("the lease of " + worker + " on task " + id + " expired at " + leaseExpiresAt
                    + "; " + attemptOf + " failed and a later attempt may be retried");
        };
    }
}
