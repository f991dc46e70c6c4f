package io.masterflow.events;

/** Where a flow stands in its life; the transitions between them are the Flow aggregate's rules. */
public enum FlowStatus {
    CREATED,
    RUNNING,
    WAITING,
    PAUSED,
    COMPLETED,
    FAILED,
    DELETED
}
