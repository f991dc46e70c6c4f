package io.masterflow.query.flow;

import java.time.Duration;
import java.time.Instant;

/**
 * One pinned phase of a flow as its events left it.
 *
 * @param attempts             the number of the last attempt started (attempts keep counting across retries and restarts)
 * @param startedAt            when its first attempt started
 * @param lastAttemptStartedAt when its latest attempt started
 * @param finishedAt           when it completed, was skipped or failed for good
 * @param duration             how long its last finished attempt ran
 * @param lastError            the error of its latest failed attempt, kept after a successful retry
 * @param nextAttemptAt        while it waits for a retry: when the retry is due
 * @param changedIn            the flow version whose event last changed this phase: the same events give the same
 *                             rows however they were batched, and an older write never overwrites a newer one
 */
public record FlowPhaseView(int position, String name, boolean required, PhaseState state, int attempts,
                            Instant startedAt, Instant lastAttemptStartedAt, Instant finishedAt, Duration duration,
                            String lastError, Instant nextAttemptAt, long changedIn) {

    static FlowPhaseView pending(int position, String name, boolean required, long version) {
        return new FlowPhaseView(position, name, required, PhaseState.PENDING, 0, null, null, null, null, null, null, version);
    }

    FlowPhaseView changedIn(long version) {
        return new FlowPhaseView(position, name, required, state, attempts, startedAt, lastAttemptStartedAt, finishedAt,
                duration, lastError, nextAttemptAt, version);
    }

    FlowPhaseView started(int attempt, Instant at) {
        return new FlowPhaseView(position, name, required, PhaseState.RUNNING, attempt, startedAt == null ? at : startedAt,
                at, null, null, lastError, null, changedIn);
    }

    FlowPhaseView completed(int attempt, Duration ran, Instant at) {
        return new FlowPhaseView(position, name, required, PhaseState.COMPLETED, Math.max(attempts, attempt), startedAt,
                lastAttemptStartedAt, at, Precision.of(ran), lastError, null, changedIn);
    }

    FlowPhaseView failed(int attempt, String error, Instant retryAt, Instant at) {
        Duration ran = lastAttemptStartedAt == null ? null : Precision.of(Duration.between(lastAttemptStartedAt, at));
        PhaseState next = retryAt == null ? PhaseState.FAILED : PhaseState.RETRY_WAIT;
        return new FlowPhaseView(position, name, required, next, Math.max(attempts, attempt), startedAt, lastAttemptStartedAt,
                retryAt == null ? at : null, ran, error, Precision.of(retryAt), changedIn);
    }

    /** Pending again after a rewind: its run's times and error go, its attempts (numbered on from here) stay counted. */
    FlowPhaseView rewound() {
        return new FlowPhaseView(position, name, required, PhaseState.PENDING, attempts, null, null, null, null, null, null, changedIn);
    }

    /** The flow was deleted under it: an attempt in progress or a retry to come ends there; a phase at rest stays as it is. */
    FlowPhaseView cancelled(Instant at) {
        if (state == PhaseState.RUNNING) {
            Duration ran = lastAttemptStartedAt == null ? null : Precision.of(Duration.between(lastAttemptStartedAt, at));
            return new FlowPhaseView(position, name, required, PhaseState.CANCELLED, attempts, startedAt, lastAttemptStartedAt, at,
                    ran, lastError, null, changedIn);
        }
        if (state == PhaseState.RETRY_WAIT) {
            return new FlowPhaseView(position, name, required, PhaseState.CANCELLED, attempts, startedAt, lastAttemptStartedAt, at,
                    duration, lastError, null, changedIn);
        }
        return this;
    }

    FlowPhaseView skipped(Instant at) {
        return new FlowPhaseView(position, name, required, PhaseState.SKIPPED, attempts, startedAt, lastAttemptStartedAt, at,
                null, lastError, null, changedIn);
    }
}
