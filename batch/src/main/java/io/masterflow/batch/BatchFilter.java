package io.masterflow.batch;

import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowStatus;
import io.masterflow.query.flow.FlowListQuery;
import io.masterflow.security.Caller;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The flows a batch acts on: the flow list's filters, within the caller's engagements. */
public record BatchFilter(EngagementId engagement, String flowType, Set<FlowStatus> statuses, String phase, String text,
                          Instant createdFrom, Instant createdTo, boolean includeDeleted) {

    /** The flow list's query for one page of this filter, after {@code after} (null: from the start), oldest first. */
    FlowListQuery query(Caller caller, int pageSize, FlowListQuery.After after) {
        return new FlowListQuery(caller.account(), caller.engagements(), engagement, flowType, statuses, phase, text,
                createdFrom, createdTo, includeDeleted, new FlowListQuery.Sort(FlowListQuery.SortField.CREATED_AT, false),
                pageSize, after);
    }

    public List<String> statusNames() {
        return statuses.stream().map(FlowStatus::name).sorted().toList();
    }
}
