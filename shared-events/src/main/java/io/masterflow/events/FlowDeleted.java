package io.masterflow.events;

/** The flow was soft-deleted: its history stays, it takes no further commands. */
public record FlowDeleted(FlowId flowId, String reason) {
}
