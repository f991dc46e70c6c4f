package io.masterflow.legacy.flow;

import io.masterflow.events.FlowStatus;
import io.masterflow.events.LegacyPhaseNames;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.flow.FlowView;
import io.masterflow.query.flow.FlowPhaseView;
import io.masterflow.query.history.StoredEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A flow as a legacy client reads it: its view (from the read model, or folded from its events), translated into the
 * legacy services' vocabulary. {@code events} is only needed for a master flow, whose phase
 * transitions come from them.
 *
 * @param awaitingSignOff paused while a sign-off phase waits (legacy {@code waiting_for_approval})
 */
public record LegacyFlow(FlowView view, List<StoredEvent> events, boolean awaitingSignOff) {

    public LegacyFlow {
        Objects.requireNonNull(view, "view");
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** The id legacy clients know the flow by: its legacy id when it was migrated, else its own. */
    public String flowId() {
        return view.legacyFlowId() != null ? view.legacyFlowId() : view.flowId().toString();
    }

    public String legacyPhase(String phase) {
        return phase == null ? null : LegacyPhaseNames.toLegacy(view.flowType().type(), phase);
    }

    public String status() {
        return LegacyStatus.of(view.status(), awaitingSignOff);
    }

    /** Finished phases (completed or skipped) over the pinned version's phases, in percent, rounded down. */
    public double progressPercentage() {
        List<FlowPhaseView> phases = view.phases();
        if (phases.isEmpty()) {
            return 0;
        }
        long finished = phases.stream().filter(phase -> phase.state().isDone()).count();
        return Math.floorDiv(finished * 100, phases.size());
    }

    public boolean finished(String phase) {
        return view.phases().stream().anyMatch(candidate -> candidate.name().equals(phase) && candidate.state().isDone());
    }

    /** The latest error of any phase: the legacy services kept one message per flow. */
    public String errorMessage() {
        return view.phases().stream()
                .filter(phase -> phase.lastError() != null)
                .max(Comparator.comparing(phase -> phase.lastAttemptStartedAt() == null ? Instant.MIN : phase.lastAttemptStartedAt()))
                .map(FlowPhaseView::lastError).orElse(null);
    }

    /** When the flow completed: its last phase's end. */
    public Instant completedAt() {
        if (view.status() != FlowStatus.COMPLETED) {
            return null;
        }
        return view.phases().stream().map(FlowPhaseView::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElse(view.updatedAt());
    }

    /** The configuration as created (or imported), and changed since. */
    public Map<String, Object> configuration() {
        return view.configuration();
    }

    /** Every phase event as the legacy tables recorded transitions: started, completed, failed (and skipped). */
    public List<PhaseTransition> phaseTransitions() {
        List<PhaseTransition> transitions = new ArrayList<>();
        for (StoredEvent event : events) {
            Object payload = event.payload();
            String at = LegacyTime.of(event.timestamp());
            if (payload instanceof PhaseStarted started) {
                transitions.add(new PhaseTransition(legacyPhase(started.phase().value()), "started", at, null));
            } else if (payload instanceof PhaseCompleted completed) {
                transitions.add(new PhaseTransition(legacyPhase(completed.phase().value()), "completed", at, null));
            } else if (payload instanceof PhaseFailed failed) {
                transitions.add(new PhaseTransition(legacyPhase(failed.phase().value()), "failed", at, failed.error()));
            } else if (payload instanceof PhaseSkipped skipped) {
                transitions.add(new PhaseTransition(legacyPhase(skipped.phase().value()), "skipped", at, null));
            }
        }
        return transitions;
    }

    /** The discovery_flows completion flags, in their order. */
    public Map<String, Boolean> discoveryFlags() {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        LegacyPhaseNames.DISCOVERY_FLAGS.forEach((flag, phase) -> flags.put(flag, finished(phase)));
        return flags;
    }
}
