package io.masterflow.command.flow.web;

import io.masterflow.axon.AxonServerOutage;
import io.masterflow.command.flow.CommandRejection;
import io.masterflow.limits.ContentTooLarge;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.util.concurrent.TimeoutException;

/**
 * Why a request to create a flow created none, as a few fixed words (the tag {@code reason} of
 * {@code masterflow.flows.creation.refusals}): the caller's mistakes apart from the service's failures, which is what
 * the alert on creation failures watches.
 */
final class CreationRefusal {

    private CreationRefusal() {
    }

    static String reasonOf(RuntimeException failure) {
        if (failure instanceof ContentTooLarge) {
            return "too_large";
        }
        if (failure instanceof ResponseStatusException status && status.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
            return "forbidden";
        }
        if (failure instanceof ConcurrencyException || failure instanceof AggregateStreamCreationException) {
            return "conflict";
        }
        if (AxonServerOutage.isCauseOf(failure)) {
            return "unavailable";
        }
        if (failure instanceof CommandExecutionException execution) {
            String rejection = CommandRejection.of(execution).map(CreationRefusal::reasonOf).orElse(null);
            if (rejection != null) {
                return rejection;
            }
        }
        return causedByTimeout(failure) ? "timeout" : "error";
    }

    private static String reasonOf(CommandRejection rejection) {
        return switch (rejection.reason()) {
            case INVALID -> "invalid";
            case CONFLICT, NOT_FOUND, GONE -> "conflict";
        };
    }

    private static boolean causedByTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
