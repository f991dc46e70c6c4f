package io.masterflow.command.flow;

import io.masterflow.events.PhaseName;

/** Deadline payload: the given attempt has run for as long as its phase's timeout allows. */
public record AttemptTimedOut(PhaseName phase, int attempt) {

    public static final String DEADLINE = "phase-attempt-timeout";
}
