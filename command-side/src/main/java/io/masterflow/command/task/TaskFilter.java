package io.masterflow.command.task;

import io.masterflow.security.Caller;

import java.util.List;

/**
 * Which tasks a claim may take: those of the caller's account and engagements, of the given handler, optionally
 * narrowed to some flow types and phases.
 */
public record TaskFilter(Caller caller, String handler, List<String> flowTypes, List<String> phases) {

    public TaskFilter {
        flowTypes = flowTypes == null ? List.of() : List.copyOf(flowTypes);
        phases = phases == null ? List.of() : List.copyOf(phases);
    }
}
