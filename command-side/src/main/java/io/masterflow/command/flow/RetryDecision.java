package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseDefinition;
import org.springframework.lang.Nullable;

import java.time.Instant;

/**
 * The retry decision, one for every failed attempt, reported or timed out: another attempt after the phase's
 * (jittered) backoff if the failure is retryable and the current run of the phase has attempts left; otherwise the
 * flow fails. A run begins with a phase's first attempt, and again with a start by hand after the flow failed.
 *
 * @param nextAttemptAt when the next attempt is due; null when there is none
 */
record RetryDecision(@Nullable Instant nextAttemptAt) {

    static RetryDecision after(PhaseDefinition phase, int attempt, int runFirstAttempt, boolean retryable, FlowId flow,
                               RetryJitter jitter, Instant failedAt) {
        int attemptInRun = attempt - runFirstAttempt + 1;
        if (!retryable || !phase.retry().allowsAttemptAfter(attemptInRun)) {
            return new RetryDecision(null);
        }
        return new RetryDecision(failedAt.plus(jitter.apply(phase.retry().backoffAfter(attemptInRun), flow, phase.name(), attempt)));
    }

    boolean retry() {
        return nextAttemptAt != null;
    }
}
