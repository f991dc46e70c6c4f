package io.masterflow.command.flowtype.web;

import io.masterflow.flowtype.FlowTypeDefinition;

import java.util.List;

/** One version of a flow type. */
public record FlowTypeVersionView(int version, String description, List<FlowTypePhaseView> phases) {

    static FlowTypeVersionView of(FlowTypeDefinition definition) {
        return new FlowTypeVersionView(definition.version(), definition.description(), FlowTypePhaseView.of(definition.phases()));
    }
}
