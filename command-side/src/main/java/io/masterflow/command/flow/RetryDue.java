package io.masterflow.command.flow;

import io.masterflow.events.PhaseName;

/** Deadline payload: the backoff after a failed attempt is over, and the given attempt may start. */
public record RetryDue(PhaseName phase, int attempt) {

    public static final String DEADLINE = "phase-retry";
}
