package io.masterflow.migration.delta;

import io.masterflow.migration.mapping.MappedFlow;

/** The events a delta run appends to a migrated flow: the mapped flow's from {@code from} on, the store holding the rest. */
public record Tail(MappedFlow flow, int from) {

    public int events() {
        return flow.events().size() - from;
    }
}
