package io.masterflow.command.flow;

import io.masterflow.events.PhaseName;

/** What a {@link StartPhase} did: which attempt of which phase began, and the flow's version after it. */
public record AttemptStarted(PhaseName phase, int attempt, long version) {
}
