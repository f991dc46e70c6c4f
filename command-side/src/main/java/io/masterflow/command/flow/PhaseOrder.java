package io.masterflow.command.flow;

import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;

import java.util.List;

/**
 * The phase order: a flow's phases run one after another, in its flow type's order. A command may name only the next
 * pending phase, and a rewind goes back only to a phase the flow has reached.
 *
 * @param phases the flow's pinned phases
 * @param next   index of the next pending phase; the number of phases once all are done
 * @param type   the flow's type, to name in refusals
 */
record PhaseOrder(List<PhaseDefinition> phases, int next, FlowTypeRef type) {

    PhaseDefinition nextPhase() {
        return phases.get(next);
    }

    /** Index of the named phase; -1 for a phase the flow type does not have. */
    int indexOf(PhaseName phase) {
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).name().equals(phase)) {
                return i;
            }
        }
        return -1;
    }

    /** Why a command may not {@code action} the requested phase, which is not the next pending one. */
    FlowRejected outOfOrder(PhaseName requested, String action) {
        if (indexOf(requested) < 0) {
            return unknown("phase", requested);
        }
        return FlowRejected.conflict("cannot " + action + " phase " + requested + ": phases run in order and the next pending one is "
                + nextPhase().name());
    }

    /**
     * Refuses a rewind to a phase the flow has not reached, or to the next phase while nothing happened in it yet
     * ({@code untouched}).
     */
    void requireRewindableTo(PhaseName phase, boolean untouched) {
        int to = indexOf(phase);
        if (to < 0) {
            throw unknown("toPhase", phase);
        }
        if (to > next) {
            throw FlowRejected.conflict("cannot rewind to phase " + phase + ": the flow has not reached it (the next "
                    + "pending phase is " + nextPhase().name() + "); a rewind only goes back");
        }
        if (to == next && untouched) {
            throw FlowRejected.conflict("phase " + phase + " has not started yet: there is nothing to rewind");
        }
    }

    private FlowRejected unknown(String field, PhaseName phase) {
        return FlowRejected.invalid(field, "phase " + phase + " is not a phase of flow type " + type.type() + " version " + type.version());
    }
}
