package io.masterflow.command.flow.web;

/** The JSON bodies the command API answers with; {@code version} is the flow's version after the command. */
final class FlowCommandResponses {

    private FlowCommandResponses() {
    }

    record FlowAccepted(String flowId, long version) {
    }

    record PhaseExecution(String flowId, String phase, int attempt, long version) {
    }
}
