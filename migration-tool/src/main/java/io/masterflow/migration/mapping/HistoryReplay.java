package io.masterflow.migration.mapping;

import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.migration.legacy.LegacyTable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns recorded legacy facts into events that are a valid history for the Flow aggregate: it keeps the same state
 * the aggregate keeps (status, next phase, attempt) and lets through only what the aggregate's state machine
 * allows at that point. Anything else is not replayed, and is noted: phases in order, one attempt at a time, no
 * start while paused, nothing after every phase completed. Because the events follow those rules, the flow the
 * aggregate rebuilds from them is exactly the one this replay ends with, and the command API can continue it.
 */
final class HistoryReplay {

    private final FlowId flowId;
    private final List<PhaseDefinition> phases;
    private final Consumer<String> notes;
    private final List<StampedEvent> events = new ArrayList<>();

    private FlowStatus status;
    private FlowStatus statusBeforePause;
    private int nextPhase;
    private int lastAttempt;
    private boolean attemptRunning;
    private Instant attemptStartedAt;
    private String lastError;
    private Instant lastCompletionAt;

    /** @param initialStatus the status the aggregate has before the first replayed event */
    HistoryReplay(FlowId flowId, List<PhaseDefinition> phases, FlowStatus initialStatus, Consumer<String> notes) {
        this.flowId = flowId;
        this.phases = phases;
        this.status = initialStatus;
        this.notes = notes;
    }

    void start(PhaseName phase, Instant at, LegacyTable table, String legacyId) {
        if (!isNextPhase(phase, at, "start")) {
            return;
        }
        if (status == FlowStatus.PAUSED) {
            notes.accept("start of " + phase + " at " + at + " while the flow was paused: not replayed");
            return;
        }
        if (attemptRunning) {
            notes.accept("start of " + phase + " at " + at + " while attempt " + lastAttempt + " still ran: not replayed");
            return;
        }
        lastAttempt++;
        record(new PhaseStarted(flowId, phase, lastAttempt, Map.of()), at, table, legacyId);
        attemptRunning = true;
        attemptStartedAt = at;
        status = FlowStatus.RUNNING;
    }

    /** A completion; without a recorded start it is the completion of an attempt whose start the legacy row lacks. */
    void complete(PhaseName phase, Instant at, LegacyTable table, String legacyId) {
        if (!isNextPhase(phase, at, "completion")) {
            return;
        }
        int attempt = attemptRunning ? lastAttempt : lastAttempt + 1;
        Duration duration = attemptRunning && !at.isBefore(attemptStartedAt) ? Duration.between(attemptStartedAt, at) : null;
        record(new PhaseCompleted(flowId, phase, attempt, Map.of(), duration), at, table, legacyId);
        attemptRunning = false;
        nextPhase++;
        lastAttempt = 0;
        lastCompletionAt = at;
        setStatus(FlowStatus.WAITING);
    }

    void fail(PhaseName phase, Instant at, String error, LegacyTable table, String legacyId) {
        if (error != null) {
            lastError = error;
        }
        if (!isNextPhase(phase, at, "failure")) {
            return;
        }
        if (!attemptRunning) {
            // the aggregate numbers attempts by their starts: a failure without one has no attempt to belong to
            notes.accept("failure of " + phase + " at " + at + " without a recorded start: not replayed");
            return;
        }
        record(new PhaseFailed(flowId, phase, lastAttempt, error, true, null), at, table, legacyId);
        attemptRunning = false;
    }

    void pause(Instant at, String reason, LegacyTable table, String legacyId) {
        if (status == FlowStatus.PAUSED) {
            notes.accept("pause at " + at + " while already paused: not replayed");
            return;
        }
        if (allPhasesCompleted()) {
            notes.accept("pause at " + at + " after every phase completed: not replayed");
            return;
        }
        record(new FlowPaused(flowId, reason), at, table, legacyId);
        statusBeforePause = status;
        status = FlowStatus.PAUSED;
    }

    void resume(Instant at, String reason, LegacyTable table, String legacyId) {
        if (status != FlowStatus.PAUSED) {
            notes.accept("resume at " + at + " of a flow that was not paused: not replayed");
            return;
        }
        record(new FlowResumed(flowId, reason), at, table, legacyId);
        status = statusBeforePause;
        statusBeforePause = null;
    }

    void completeFlow(Instant at, LegacyTable table, String legacyId) {
        record(new FlowCompleted(flowId), at, table, legacyId);
        status = FlowStatus.COMPLETED;
    }

    /**
     * The flow failed. A still running attempt failed with it; a failed attempt that ends the history was the last
     * one, so it is marked not retryable, as the aggregate marks an attempt after which the flow fails.
     */
    void failFlow(Instant at, String error, LegacyTable table, String legacyId) {
        PhaseName phase = phases.get(nextPhase).name();
        Instant failedAt = at;
        StampedEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
        if (attemptRunning) {
            record(new PhaseFailed(flowId, phase, lastAttempt, error, false, null), at, table, legacyId);
            attemptRunning = false;
        } else if (last != null && last.payload() instanceof PhaseFailed failed) {
            events.set(events.size() - 1, last.withPayload(
                    new PhaseFailed(flowId, failed.phase(), failed.attempt(), failed.error(), false, null)));
            failedAt = last.timestamp();
            table = last.sourceTable();
            legacyId = last.legacyId();
        }
        record(new FlowFailed(flowId, phase, error), failedAt, table, legacyId);
        setStatus(FlowStatus.FAILED);
    }

    void delete(Instant at, String reason, LegacyTable table, String legacyId) {
        record(new FlowDeleted(flowId, reason), at, table, legacyId);
        status = FlowStatus.DELETED;
        attemptRunning = false;
    }

    boolean allPhasesCompleted() {
        return nextPhase >= phases.size();
    }

    boolean isPaused() {
        return status == FlowStatus.PAUSED;
    }

    FlowStatus status() {
        return status;
    }

    /** The error of the last failure the legacy rows recorded, replayed or not. */
    String lastError() {
        return lastError;
    }

    Instant lastCompletionAt() {
        return lastCompletionAt;
    }

    List<StampedEvent> events() {
        return events;
    }

    private boolean isNextPhase(PhaseName phase, Instant at, String what) {
        if (allPhasesCompleted()) {
            notes.accept(what + " of " + phase + " at " + at + " after every phase completed: not replayed");
            return false;
        }
        PhaseName next = phases.get(nextPhase).name();
        if (next.equals(phase)) {
            return true;
        }
        boolean earlier = phases.subList(0, nextPhase).stream().anyMatch(done -> done.name().equals(phase));
        notes.accept(what + " of " + phase + " at " + at + (earlier ? ", a phase already completed" : " before " + next + " completed")
                + ": not replayed");
        return false;
    }

    private void record(Object event, Instant at, LegacyTable table, String legacyId) {
        events.add(new StampedEvent(event, at, table, legacyId));
    }

    /** As the aggregate does: a paused flow stays paused, and what happens meanwhile is what it resumes to. */
    private void setStatus(FlowStatus next) {
        if (status == FlowStatus.PAUSED) {
            statusBeforePause = next;
        } else {
            status = next;
        }
    }
}
