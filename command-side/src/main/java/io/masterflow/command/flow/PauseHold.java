package io.masterflow.command.flow;

import io.masterflow.events.FlowStatus;

import java.time.Instant;

/**
 * The pause hold: a paused flow starts nothing by itself. Its running attempt's timeout clock stops, a retry that
 * falls due is passed over, and auto-advance holds the next phase back. Resuming releases the one thing held.
 */
final class PauseHold {

    /** What resuming a flow releases. */
    enum Release {
        /** the running attempt's timeout, scheduled again for what was left of it */
        TIMEOUT,
        /** the retry that fell due while paused: it starts now (one not yet due still has its deadline) */
        DUE_RETRY,
        /** the phase auto-advance held back: a phase that completed meanwhile releases the next one */
        HELD_PHASE,
        NOTHING
    }

    private PauseHold() {
    }

    /** Whether the flow holds back what it would start by itself (the next phase of an auto-advancing flow). */
    static boolean holds(FlowStatus status) {
        return status == FlowStatus.PAUSED;
    }

    /** What resuming releases, read from the flow as {@code FlowResumed} left it. */
    static Release onResume(boolean attemptRunning, Instant attemptDeadline, boolean retryDue, boolean autoAdvance,
                            FlowStatus status) {
        if (attemptRunning && attemptDeadline != null) {
            return Release.TIMEOUT;
        }
        if (retryDue) {
            return Release.DUE_RETRY;
        }
        if (autoAdvance && status == FlowStatus.WAITING) {
            return Release.HELD_PHASE;
        }
        return Release.NOTHING;
    }
}
