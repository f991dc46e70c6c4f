package io.masterflow.command.flow;

import org.axonframework.commandhandling.CommandExecutionException;

import java.util.Optional;

/** Why a command was refused, in a form that crosses process boundaries. */
public record CommandRejection(FlowRejected.Reason reason, String field, String message) {

    /** The refusal a failed command carries; empty when it failed for another reason than a refusal. */
    public static Optional<CommandRejection> of(CommandExecutionException failure) {
        return failure.getDetails().filter(CommandRejection.class::isInstance).map(CommandRejection.class::cast);
    }
}
