package io.masterflow.query.flow;

import java.util.List;

/** A page of flows, and where the next page starts (null on the last page). */
public record FlowPage(List<FlowSummary> items, FlowListQuery.After next) {

    public FlowPage {
        items = List.copyOf(items);
    }
}
