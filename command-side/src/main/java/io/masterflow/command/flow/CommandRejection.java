package io.masterflow.command.flow;


/** Why a command was refused, in a form that crosses process boundaries. */
public record CommandRejection(FlowRejected.Reason reason, String field, String message) {
}
