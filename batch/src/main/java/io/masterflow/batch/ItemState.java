package io.masterflow.batch;

/**
 * One flow's outcome in a batch: acted on (DONE), left as it was for a reason (SKIPPED: it moved on since the batch
 * selected it, or the command does not apply to it), or not acted on because the command failed (FAILED).
 */
public enum ItemState {
    PENDING, DONE, SKIPPED, FAILED
}
