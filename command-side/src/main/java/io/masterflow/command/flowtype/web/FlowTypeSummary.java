package io.masterflow.command.flowtype.web;

import io.masterflow.flowtype.FlowTypeDefinition;

import java.util.List;

/** The latest version of a flow type, with the numbers of all its versions. */
public record FlowTypeSummary(String type, int version, String description, List<Integer> versions, List<FlowTypePhaseView> phases) {

    static FlowTypeSummary of(FlowTypeDefinition latest, List<Integer> versions) {
        return new FlowTypeSummary(latest.type(), latest.version(), latest.description(), versions, FlowTypePhaseView.of(latest.phases()));
    }
}
