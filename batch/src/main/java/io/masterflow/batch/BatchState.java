package io.masterflow.batch;

/** A batch runs until every item has its outcome, or until it is stopped (its pending items then skipped). */
public enum BatchState {
    RUNNING, COMPLETED, STOPPED
}
