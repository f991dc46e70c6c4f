package io.masterflow.command.task;

/** A worker's report or heartbeat on a task whose lease it does not hold; the message says why. */
public final class LeaseRefused extends RuntimeException {

    private final boolean unknownTask;

    private LeaseRefused(String message, boolean unknownTask) {
        super(message);
        this.unknownTask = unknownTask;
    }

    /** No such task for this caller (or not a worker's): the same answer as for a task that does not exist. */
    static LeaseRefused unknown(String taskId) {
        return new LeaseRefused("task " + taskId + " does not exist", true);
    }

    static LeaseRefused because(String message) {
        return new LeaseRefused(message, false);
    }

    /** True when the task is unknown to the caller; otherwise it exists and the lease is the problem. */
    public boolean unknownTask() {
        return unknownTask;
    }
}
