package io.masterflow.migration.rollback;

import java.util.List;

/**
 * One flow's events as a rollback sees them: their sequence numbers, types and the migration run that appended each
 * (null: not the migration), in sequence order; and what the rollback may do with them.
 *
 * @param account the client account the flow's first event names (the read models are keyed by it)
 */
record FlowEvents(String flowId, String legacyFlowId, String account, List<Event> events) {

    record Event(long sequence, String payloadType, String runId) {
    }

    enum Action {
        /** Every event is the rollback's: the flow goes, as it was before the run. */
        REMOVE,
        /** The rollback's events are the flow's last ones, after events of an earlier run: they go, the rest stays. */
        SHORTEN,
        /** Events the migration did not append follow the rollback's: the flow was continued through the command API. */
        CONTINUED,
        /** A later migration run appended to the flow after the rollback's events: that run must be rolled back first. */
        LATER_RUN,
        /** None of the flow's events is the rollback's (any more). */
        NONE
    }

    /**
     * What the rollback may do with this flow.
     *
     * @param keep    events that stay (the flow's first {@code keep}), for REMOVE and SHORTEN
     * @param delete  events that go
     * @param blocker for CONTINUED and LATER_RUN, the first event in the way
     */
    record Verdict(Action action, int keep, int delete, Event blocker) {
    }

    Verdict verdict(RunStamp stamp) {
        int first = -1;
        for (int index = 0; index < events.size(); index++) {
            if (stamp.covers(events.get(index).runId())) {
                first = index;
                break;
            }
        }
        if (first < 0) {
            return new Verdict(Action.NONE, events.size(), 0, null);
        }
        for (int index = first; index < events.size(); index++) {
            Event event = events.get(index);
            if (!stamp.covers(event.runId())) {
                return new Verdict(event.runId() == null ? Action.CONTINUED : Action.LATER_RUN, events.size(), 0, event);
            }
        }
        return new Verdict(first == 0 ? Action.REMOVE : Action.SHORTEN, first, events.size() - first, null);
    }
}
