package io.masterflow.command.flow;

import io.masterflow.events.FlowId;

/**
 * A command the flow refuses: nothing was appended. The {@link Reason} decides how callers see it (404, 410,
 * 409, 400); the message says exactly why.
 */
public class FlowRejected extends RuntimeException {

    public enum Reason {
        /** No such flow, or one the caller may not see: the two must look the same. */
        NOT_FOUND,
        /** The flow was deleted. */
        GONE,
        /** The flow's state or version does not allow the command. */
        CONFLICT,
        /** The command itself is wrong, whatever the flow's state. */
        INVALID
    }

    private final Reason reason;
    private final String field;

    private FlowRejected(Reason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public static FlowRejected notFound(FlowId flowId) {
        return new FlowRejected(Reason.NOT_FOUND, null, notFoundMessage(flowId.toString()));
    }

    public static String notFoundMessage(String flowId) {
        return "flow " + flowId + " does not exist";
    }

    public static FlowRejected gone(FlowId flowId) {
        return new FlowRejected(Reason.GONE, null, "flow " + flowId + " was deleted and takes no further commands");
    }

    public static FlowRejected conflict(String message) {
        return new FlowRejected(Reason.CONFLICT, null, message);
    }

    public static FlowRejected invalid(String field, String message) {
        return new FlowRejected(Reason.INVALID, field, message);
    }

    public static FlowRejected of(Reason reason, String field, String message) {
        return new FlowRejected(reason, field, message);
    }

    public Reason reason() {
        return reason;
    }

    /** The command field at fault, for {@link Reason#INVALID}; otherwise {@code null}. */
    public String field() {
        return field;
    }
}
